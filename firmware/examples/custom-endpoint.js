// Example: a custom endpoint that stores a device name sent while provisioning.
// Needs "autoStart": false in wifiprov.json (your code decides when to provision).
// From a PC:  wifi-prov --pop <PoP> --ssid MyNet --passphrase secret --custom-data "Kitchen lamp"
// or:         esp_prov.py ... --custom_data "Kitchen lamp"
// Both send the text to the endpoint "custom-data" before the Wi-Fi credentials.
var NAME_FILE = "devname.txt"; // the Storage file that keeps the name

var storage = require("Storage");
var prov = require("wifi-prov");

if (prov.isProvisioned()) {
  // Nothing to do: print what we were called last time.
  print("Already provisioned. Device name: " + storage.read(NAME_FILE));
} else {
  // The handler gets the request as a string and returns the answer the phone/PC sees.
  prov.endpoint("custom-data", function (data) {
    if (!data.length || data.length > 32) return "error: the name must be 1-32 characters";
    storage.write(NAME_FILE, data);
    print("Device name stored: " + data);
    return "ok, my name is " + data;
  });
  prov.on("end", function () {
    print("Provisioning ended. Device name: " + storage.read(NAME_FILE));
  });
  prov.start({}, function (err) {
    if (err) print("Could not start provisioning: " + err.message);
  });
}
