// Prelude for the Linux Espruino interpreter (stored as .boot0, runs before .bootcde): fakes the
// ESP32-only radio modules with the semantics of docs/platform/espruino.md §7/§8 and samples
// process.memory(). Plain ES5-ish Espruino JS; not part of the firmware bundle.
(function () {
  // addCached runs the function as module code, without the enclosing scope.
  Modules.addCached("Wifi", function () {
    var APS = [
      { ssid: "HomeNet", mac: "24:0a:c4:00:00:01", rssi: -48, channel: "6", authMode: "wpa2", pw: "correct horse" },
      { ssid: "OpenCafe", mac: "24:0a:c4:00:00:02", rssi: -71, channel: "1", authMode: "open", pw: "" }
    ];
    var self = exports;
    var sta = { station: "Unknown reason", mode: "NULL" };
    var scanning = false;
    exports.scan = function (cb) {
      if (scanning) throw new Error("A scan is already in progress");
      scanning = true;
      setTimeout(function () {
        scanning = false;
        cb(APS.map(function (a) { return { ssid: a.ssid, mac: a.mac, rssi: a.rssi, channel: a.channel, authMode: a.authMode }; }));
      }, 300);
    };
    exports.connect = function (ssid, opts, cb) {
      var ap = APS.filter(function (a) { return a.ssid === ssid; })[0];
      setTimeout(function () {
        if (!ap || ap.pw !== ((opts && opts.password) || "")) {
          var r = ap ? "202" : "201";
          var m = ap ? "AUTH_FAIL" : "NO_AP_FOUND";
          sta = { station: m, mode: "STA" };
          self.emit("disconnected", { ssid: ssid, mac: ap ? ap.mac : "00:00:00:00:00:00", reason: r, msg: m });
          if (cb) cb(m);
          return;
        }
        self.emit("associated", { ssid: ssid, mac: ap.mac, channel: ap.channel });
        sta = { station: "connected", mode: "STA", ssid: ap.ssid, bssid: ap.mac, channel: parseInt(ap.channel), rssi: ap.rssi, authMode: ap.authMode };
        setTimeout(function () {
          self.emit("connected", { ip: "192.168.1.42", netmask: "255.255.255.0", gw: "192.168.1.1" });
          if (cb) cb(null);
        }, 100);
      }, 400);
    };
    exports.disconnect = function (cb) { sta = { station: "ASSOC_LEAVE", mode: "STA" }; if (cb) setTimeout(cb, 0); };
    exports.startAP = function (ssid, opts, cb) {
      if (opts && opts.password && opts.password.length < 8) throw new Error("password too short");
      print("[fake Wifi] startAP " + JSON.stringify(ssid) + " authMode=" + (opts && opts.authMode));
      if (cb) setTimeout(function () { cb(null); }, 10);
    };
    exports.stopAP = function (cb) { print("[fake Wifi] stopAP"); if (cb) setTimeout(cb, 0); };
    exports.getStatus = function () { return sta; };
    // Like the ESP32's Wifi.getIP(): the station's address once it has one, else 0.0.0.0.
    exports.getIP = function () {
      var up = sta.station === "connected";
      return { ip: up ? "192.168.1.42" : "0.0.0.0", netmask: up ? "255.255.255.0" : "0.0.0.0", gw: up ? "192.168.1.1" : "0.0.0.0", mac: "30:ae:a4:12:34:56" };
    };
    // The SoftAP's address: loopback here (the interpreter's servers are reached over 127.0.0.1), so
    // the captive portal's page URL and DNS answers are the ones the tests' clients can use.
    exports.getAPIP = function () { return { ip: "127.0.0.1", netmask: "255.0.0.0", gw: "127.0.0.1", mac: "30:ae:a4:12:34:57" }; };
  });
  // The board's DNS port 53 (the captive portal's default dnsPort) is the host's here: a bind to it
  // goes to a free port instead (tests that talk to the responder set dnsPort to a free port).
  // (The built-in is kept in the hidden root: addCached's function sees no enclosing scope.)
  global["\xFF"].dgram0 = require("dgram");
  Modules.addCached("dgram", function () {
    exports.createSocket = function (t) {
      var s = global["\xFF"].dgram0.createSocket(t);
      var bind = s.bind;
      s.bind = function (port, cb) { return bind.call(s, port === 53 ? 0 : port, cb); };
      return s;
    };
  });
  global.ESP32 = { getState: function () { return {}; } };
  global.NRF = {
    setServices: function (s, o) { print("[fake NRF] setServices uart=" + (o && o.uart)); },
    updateServices: function () {},
    setAdvertising: function () {},
    sleep: function () { print("[fake NRF] sleep"); },
    disconnect: function () {},
    on: function () {}
  };
  // Memory: "[mem] resident=N" 5 s after boot, then "[mem] peak=N" whenever the GC'd usage
  // reaches a new maximum (sampled every 100 ms, so peaks between samples can be missed), and
  // "[mem] idle=N" at 15 s (the first key pair is ready by then: its X25519 can outlast 5 s).
  // Only when the test runner asked for it (Storage file "memprobe"): the sampler's GC every
  // 100 ms slows the interpreter (and its telnet input, which has no flow control).
  var peak = 0;
  if (require("Storage").read("memprobe") !== undefined) setTimeout(function () {
    print("[mem] resident=" + process.memory().usage);
    setTimeout(function () { print("[mem] idle=" + process.memory().usage); }, 10000);
    setInterval(function () {
      var u = process.memory().usage;
      if (u > peak) {
        peak = u;
        print("[mem] peak=" + u);
      }
    }, 100);
  }, 5000);
})();
