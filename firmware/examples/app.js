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
var prov = require("wifi-prov");
if (prov.isProvisioned()) {
  prov.connect(function (err) {
    if (err) return print("[app] could not join: " + err.message);
    mem("connected");
    myApp();
  });
  // Provisioning is not needed on this boot: the module goes, its memory is your app's.
  prov.release();
} else {
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
