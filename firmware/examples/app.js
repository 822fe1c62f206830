// Example: "if provisioned, connect and run my app, else provision, then run my app".
// Prints the memory (JsVars in use) in each phase.
// Needs "autoStart": false in wifiprov.json (your code decides when to provision).
function mem(phase) {
  print("[app] " + phase + ": " + process.memory().usage + " JsVars in use");
}

// Your application: runs once the board is on the network.
function myApp() {
  mem("app running");
  setInterval(function () {
    print("[app] IP " + require("Wifi").getIP().ip);
  }, 60000);
}

mem("boot");
// The saved network, read with the firmware's own small reader (the module is not loaded).
var saved = require("wifiprov-kv").creds();
Modules.removeCached("wifiprov-kv");
if (saved) {
  // An open network has an empty password: "" (as the boot file does).
  var password = saved.password.length ? E.toString(saved.password) : "";
  require("Wifi").connect(E.toString(saved.ssid), { password: password }, function (err) {
    if (err) return print("[app] could not join: " + err);
    mem("connected");
    myApp();
  });
} else {
  var prov = require("wifi-prov");
  prov.on("start", function () { mem("provisioning"); });
  prov.on("deinit", function () {
    // The module has released itself; the board is on the new network.
    mem("provisioned");
    myApp();
  });
  prov.start({}, function (err) {
    if (err) print("[app] " + err.message);
  });
}
