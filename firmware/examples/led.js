// Example: an LED shows what provisioning is doing.
//   idle: off, provisioning: slow blink, credentials received: fast blink,
//   connected: on, failed (wrong password / network not found): short flashes.
// Needs "autoStart": false in wifiprov.json (your code decides when to provision).
var LED_PIN = D2; // the LED: D2 on most ESP32 DevKit boards; change to yours

var timer; // the blink interval, if any

// on: true = on, false = off, or a number = blink with that period in ms
function led(on) {
  if (timer) clearInterval(timer);
  timer = undefined;
  if (typeof on === "number") {
    var state = false;
    timer = setInterval(function () {
      state = !state;
      digitalWrite(LED_PIN, state);
    }, on / 2);
  } else {
    digitalWrite(LED_PIN, on);
  }
}

var prov = require("wifi-prov");
led(false); // idle
if (prov.isProvisioned()) {
  led(true); // a network is saved already (your code joins it)
} else {
  prov.on("start", function () { led(1000); }); // provisioning: slow blink
  prov.on("credRecv", function (c) { print("Trying " + c.ssid); led(200); });
  prov.on("credFail", function (f) { print("Failed: " + f.reason); led(100); });
  prov.on("credSuccess", function () { led(true); }); // connected
  prov.start({}, function (err) {
    if (err) led(100); // could not start: failed
  });
}
