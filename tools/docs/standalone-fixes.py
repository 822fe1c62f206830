#!/usr/bin/env python3
"""Makes the repository self-contained (test/unit/docs/self-contained.test.ts).

Run from the repository root:  python3 tools/docs/standalone-fixes.py [--dry-run]

* Citations of the reference notes name the in-repo copies: docs/platform/espruino.md,
  docs/platform/clients.md, docs/spec/protocol.md (same section numbers), instead of paths into a
  private folder, bare file names, "platform notes" or "spec".
* References to the project's work history (issue and work-session numbers) and to a private
  conventions file are dropped or reworded.
* Stale figures are corrected (the bundle budget is read from tools/bundle/budget.json).
* README.md and firmware/README.md say what has been tested where (not yet on a physical ESP32),
  what the first owner of a board should check and how to report it, and when Telnet flashing
  works.

Every edit reads the file as it is now, replaces only the text it names, and is idempotent: a
second run changes nothing. Each file's changes are printed; a targeted edit whose text is no
longer there is reported as "not found" and skipped.
"""
import json
import os
import re
import subprocess
import sys

DRY = "--dry-run" in sys.argv

# This script and the test name the patterns themselves.
EXEMPT = {"tools/docs/standalone-fixes.py", "test/unit/docs/self-contained.test.ts"}
SKIP = re.compile(r"(^|/)package-lock\.json$|\.(png|jpe?g|gif|ico|pdf|bin|zip|gz|tgz|woff2?|wasm)$", re.I)

ESPRUINO = "docs/platform/espruino.md"
CLIENTS = "docs/platform/clients.md"
PROTOCOL = "docs/spec/protocol.md"
# "shared/" + "spec": kept apart so this file does not look like the paths it rewrites
SH = "shared" + "/"


def tracked_files():
    try:
        out = subprocess.run(["git", "ls-files", "-z"], check=True, capture_output=True).stdout.decode()
        files = [f for f in out.split("\0") if f]
        if files:
            return files
    except (OSError, subprocess.CalledProcessError):
        pass
    files = []
    for dirpath, dirnames, filenames in os.walk("."):
        dirnames[:] = [d for d in dirnames if d not in ("node_modules", "dist", ".git", ".state")]
        for name in filenames:
            files.append(os.path.relpath(os.path.join(dirpath, name), ".").replace(os.sep, "/"))
    return files


def budget_bytes():
    try:
        with open("tools/bundle/budget.json", encoding="utf-8") as f:
            return json.load(f)["variants"]["softap-sec01"]["maxBytes"]
    except (OSError, KeyError, ValueError):
        return None


# ---------------------------------------------------------------------------------------------
# Rules applied to every tracked text file, in this order: (name, pattern, replacement).

GENERIC = [
    # paths into the private reference folder
    ("private path -> docs/platform/espruino.md", re.compile(re.escape(SH) + r"platform/espruino\.md"), ESPRUINO),
    ("private path -> docs/platform/clients.md", re.compile(re.escape(SH) + r"platform/clients\.md"), CLIENTS),
    ("private path -> docs/spec/protocol.md", re.compile(re.escape(SH) + r"spec/protocol\.md"), PROTOCOL),
    ("\"spec protocol.md\" -> docs/spec/protocol.md", re.compile(r"(?<![\w/.-])spec protocol\.md"), PROTOCOL),
    ("\"platform notes `espruino.md`\" -> docs/platform/espruino.md",
     re.compile(r"platform notes `espruino\.md`"), "`" + ESPRUINO + "`"),
    ("\"the platform notes\" -> docs/platform/espruino.md", re.compile(r"\bthe platform notes\b"), ESPRUINO),
    ("\"platform notes\" -> docs/platform/espruino.md", re.compile(r"\bplatform\s+notes\b"), ESPRUINO),
    # bare file names of the notes
    ("bare espruino.md/clients.md -> docs/platform/", re.compile(r"(?<![\w./-])(espruino|clients)\.md\b"), r"docs/platform/\1.md"),
    ("bare protocol.md -> docs/spec/protocol.md", re.compile(r"(?<![\w./-])protocol\.md\b"), PROTOCOL),
    ("\"spec §\" -> docs/spec/protocol.md §", re.compile(r"(?<![\w/.-])spec §"), PROTOCOL + " §"),
    # the private conventions file
    ("conventions citation dropped", re.compile(r"// Conventions §[\d.]+ \"Build\"; "), "// "),
    ("conventions citation dropped", re.compile(r" ?\(conventions §[\d.]+(?: item \d+)?\)"), ""),
    ("conventions citation dropped", re.compile(r", conventions §[\d.]+"), ""),
    # work history: issue numbers
    ("issue reference dropped", re.compile(r"\(issue 7 §2; "), "("),
    ("issue reference dropped", re.compile(r" \(issue 7 §1\)"), ""),
    ("issue reference dropped", re.compile(r"\(\[impl\] hardening, issue \d+\)"), "([impl] hardening)"),
    ("issue reference dropped", re.compile(r"\[impl\] hardening \(issue \d+\):"), "[impl] hardening:"),
    ("issue reference dropped", re.compile(r"\(issue #?\d+: never on a request path\)"), "(never on a request path)"),
    ("issue reference dropped", re.compile(r"\(issue 6: 0 provisioned,"), "(0 provisioned,"),
    ("issue reference dropped", re.compile(r"^// Issue #?\d+: while a", re.M), "// While a"),
    ("issue reference dropped", re.compile(r"\. Issue \d+\.$", re.M), "."),
    ("issue reference dropped", re.compile(r" \([Ii]ssue #?\d+\)"), ""),
]

# ---------------------------------------------------------------------------------------------
# Targeted edits: file -> [(name, pattern, replacement)]. The pattern is searched in the current
# text; replacements may be functions of the match.

TESTED_README = """\
**What has been tested, and where.** The protocol code runs under Node in the unit and scenario
tests and as the virtual device, which Espressif's `esp_prov.py` provisions with security 0, 1
and 2 (`test/interop/esp-prov.test.ts`). The firmware bundle has run in a Linux build of the
Espruino interpreter (2v29) with the radio faked (`test/bundle/espruino-prelude.js` stands in for
`Wifi`, `NRF` and `ESP32`): `wifi-prov` provisions it there with security 0 and 1, and
`esp_prov.py` has provisioned it by hand with security 1 (`test/bundle/flash-telnet-e2e.sh`).
It has **not yet been run on a physical ESP32**: memory and speed on a board are estimates from
the interpreter, and the radio behaviour comes from reading Espruino's source
([`docs/platform/espruino.md`](docs/platform/espruino.md) §13).

If you are the first owner of a board to try it, please check memory (`process.memory()` after
boot and during provisioning), the time of the security-1 handshake with `esp_prov.py` or the ESP
SoftAP Provisioning app, the soft-AP with a phone, and (BLE builds) whether the ESP BLE
Provisioning app finds the device; then open an issue with the board, the Espruino version and the
serial console log. The full list and what to send:
[`firmware/README.md`, "First owner of a board: please check"](firmware/README.md#first-owner-of-a-board-please-check).

"""

TESTED_FIRMWARE = """\
**What has been tested, and where.** This firmware has run in a Linux build of the Espruino
interpreter (2v29) with the radio faked (`test/bundle/espruino-prelude.js` stands in for `Wifi`,
`NRF` and `ESP32`): `wifi-prov` provisions it there with security 0 and 1
(`test/bundle/*.test.ts`, with `ESPRUINO` set), and Espressif's `esp_prov.py` has provisioned it
by hand with security 1 after flashing over the interpreter's Telnet console
(`test/bundle/flash-telnet-e2e.sh`). The same protocol code runs as the virtual device, which
`esp_prov.py` provisions with security 0, 1 and 2 (`test/interop/esp-prov.test.ts`). It has
**not yet been run on a physical ESP32**: the memory figures (section 6) and the speed
([`docs/performance.md`](../docs/performance.md)) on a board are estimates from the interpreter,
and the radio behaviour comes from reading Espruino's source
([`docs/platform/espruino.md`](../docs/platform/espruino.md), open items in §13).

### First owner of a board: please check

1. **Memory**: `process.memory()` on the serial console right after boot and again after a
   provisioning run, with BLE on and (SoftAP builds) after `ESP32.enableBLE(false)` (section 6;
   docs/platform/espruino.md §0.3, §2).
2. **Security 1 handshake time**: how long the first `prov-session` request takes with
   `esp_prov.py -v --transport softap --sec_ver 1 …` or the ESP SoftAP Provisioning app, and
   whether the client gives up (the iOS app allows 30 s; estimate in `docs/performance.md`;
   docs/platform/espruino.md §4.4).
3. **Soft-AP**: a phone joins the WPA2 soft-AP (Espruino allows 4 stations), the scan list
   appears while it is connected, it stays connected when the board joins a router on another
   channel, and a wrong PoP ends in a closed connection, not a hang (docs/platform/espruino.md
   §7, §9).
4. **Stack**: any "Too much recursion" or "Execution Interrupted" on the console
   (docs/platform/espruino.md §6.4).
5. **BLE builds** (`./build.sh --ble`, `transport: "ble"`): whether the ESP BLE Provisioning app
   and `esp_prov.py --transport ble` find the device and its endpoints, whether a pairing prompt
   appears, and which requests fail ([`docs/ble.md`](../docs/ble.md); docs/platform/espruino.md
   §8).

To report: open an issue on the project's tracker with the board (module, flash size), the
Espruino version (`process.env.VERSION`), the build variant (`./build.sh` prints it), the
`process.memory()` output, the client and its version, and the serial console log from boot to
the end of the run (it never prints the Wi-Fi passphrase; the QR line contains the PoP, so
replace that).

"""

PERF_ESTIMATE_NOTE = """\
×50–150 is the first estimate of docs/platform/espruino.md §4.2. That section now plans for
×150–200 and keeps ×400 as the worst case, which would put the security-1 handshake at 32–43 s
(86 s at ×400), over the iOS app's 30 s. Only a board can settle it (firmware/README.md, "First
owner of a board: please check").
"""

FIRMWARE_MEMORY_OLD = re.compile(
    r" With the ~3,000 total to plan for with BLE and Wi-Fi on \(platform\s+notes §2\), the measured 32-bit peak of ~2,300 JsVars \(above the idle interpreter, which itself\s+used 219 on Linux\) leaves ~650 \(~20 %\); with ~4,800 it leaves ~2,450\. The BLE build\s+\(`transport: \"ble\"`\) needs BLE on: its idle figure \(2,010 on the 32-bit build\) plus a handshake\s+\(~\+500, not measured over BLE in the interpreter\) fits in ~3,000 with little margin\."
)
FIRMWARE_MEMORY_NEW = """
docs/platform/espruino.md §0.3 and §2 expect 2,000–3,400 JsVars in all with BLE and Wi-Fi on
(plan for ~2,000) and ~4,000–4,600 with BLE off. The measured 32-bit peak of ~2,300 JsVars
(above the idle interpreter, which itself used 219 on Linux) may therefore not fit with BLE on,
and leaves ~1,700–2,300 with BLE off. The BLE build (`transport: "ble"`) needs BLE on: its idle
figure (2,010 on the 32-bit build) plus a handshake (~+500, not measured over BLE in the
interpreter) is above the ~2,000 to plan for, so it may run out of memory on a board
**[verify-hw]**."""


def insert_after(anchor, block, marker):
    """Inserts block after the first match of anchor unless marker is already in the text."""
    def edit(text):
        if marker in text:
            return text, 0
        m = re.search(anchor, text, re.M)
        if not m:
            return text, -1
        return text[: m.end()] + block + text[m.end():], 1
    return edit


def sub(pattern, repl, flags=0, done=None):
    """Replaces pattern; when nothing matches and `done` (default: a plain replacement) is not in
    the text either, the edit is reported as not found."""
    rx = re.compile(pattern, flags)
    if done is None and "\\" not in repl:
        done = repl
    def edit(text):
        new, n = rx.subn(repl, text)
        if n == 0 and done is not None and done not in text:
            return text, -1
        return new, n
    return edit


def specific_rules():
    budget = budget_bytes()
    rules = {
        "README.md": [
            ("item 15: what has been tested, and where",
             insert_after(r"^flow of ESP-IDF devices, and developers who want a scriptable provisioning target on a PC\.\n\n",
                          TESTED_README, "not yet been run on a physical ESP32")),
            ("the virtual device prints no session",
             sub(r"The device logs the session, the credentials arriving \(never the passphrase\), the connection,\nand stops provisioning a second after reporting \"connected\"\.",
                 "The device prints the credentials arriving (the SSID, never the passphrase), the connection,\n"
                 "and that it stops provisioning a second after reporting \"connected\".")),
            ("item 16: when Telnet flashing works",
             insert_after(r"so provisioning starts at every boot until the board has a\n   network\.\n",
                          "   Flash over the USB serial port: the firmware turns Espruino's Telnet console off at every\n"
                          "   boot, so `--port tcp://…` works only on a board that is not running it yet.\n",
                          "works only on a board that is not running it yet")),
            ("performance.md anchor", sub(r"docs/performance\.md#security-2-issue-\d+", "docs/performance.md#security-2")),
        ],
        "firmware/README.md": [
            ("item 15: what has been tested, and where; first owner of a board",
             insert_after(r"`\./build\.sh` bundles them into `dist/firmware\.js`\.\n\n",
                          TESTED_FIRMWARE, "not yet been run on a physical ESP32")),
            ("item 16: Telnet flashing example says when it works",
             sub(r"(\./build\.sh flash --port tcp://192\.168\.1\.50:23) +# a networked \(Telnet\) console",
                 r"\1   # Telnet: only before this firmware runs (notes below)", done="# Telnet: only before this firmware runs")),
            ("work session dropped", sub(r"One run per row \(session \d+, HEAD of this section's commit\):",
                                         "One run per row, at the commit that last changed this table:")),
            ("work session dropped", sub(r"Session 1 ended at(\s+)", r"An earlier version stood at\1", done="An earlier version stood at")),
            ("stale JsVar total (docs/platform/espruino.md §0.3, §2)", sub(FIRMWARE_MEMORY_OLD.pattern, FIRMWARE_MEMORY_NEW)),
        ],
        "docs/performance.md": [
            ("work history dropped", sub(r"Latest run \(session \d+, after the memory work of issue \d+:", "Latest run (after the memory work:")),
            ("work session dropped", sub(r"than in session 1 \(below\)", "than in the earlier run (below)")),
            ("work session dropped", sub(r"today's runs", "that day's runs")),
            ("work session dropped", sub(r"^Session 1 run:$", "An earlier run:", re.M)),
            ("stale ×50–150 estimate noted",
             sub(r"^## ESP32 estimate \(×50–150 slower than this host's -O2, (?:platform notes|docs/platform/espruino\.md) §4\.2; session 1 figures\)\n\n",
                 "## ESP32 estimate (×50–150 slower than this host's -O2; figures of the earlier run)\n\n" + PERF_ESTIMATE_NOTE + "\n", re.M)),
            ("work session dropped", sub(r"\(until session 2 Resp0 went out(\s+)at once and Cmd1 waited instead:",
                                         r"(an earlier version sent Resp0\1at once and made Cmd1 wait instead:", done="an earlier version sent Resp0")),
        ],
        "tools/bundle/budget.json": [
            ("work history dropped", sub(r"2026-11-25 \(session \d+\): ", "2026-11-25: ")),
            ("work history dropped", sub(r"after the memory work of issue \d+ \(", "after the memory work (")),
        ],
        "firmware/espruino.d.ts": [
            ("private path -> docs/platform/espruino.md",
             sub(r"\(" + re.escape(SH) + r"platform/\n// espruino\.md §", "(" + ESPRUINO + "\n// §")),
        ],
        "proto/README.md": [
            ("provenance names the in-repo notes",
             sub(r"The files were copied unchanged from the project's reference specification\n\(`" + re.escape(SH) + r"spec/proto/`, described in `(?:" + re.escape(SH) + r"spec/protocol\.md|docs/spec/protocol\.md)` §0–§1\)\.",
                 "The files were written for this project together with its protocol notes\n"
                 "([`docs/spec/protocol.md`](../docs/spec/protocol.md) §0–§1).")),
            ("provenance names the in-repo notes", sub(r"the\ncomments are the spec authors', not upstream's", "the\ncomments are this project's, not upstream's")),
            ("provenance names the in-repo notes", sub(r"Full commit ids, where the spec gives them,", "Full commit ids, where docs/spec/protocol.md gives them,")),
        ],
        "test/vectors/esp-idf/README.md": [
            ("provenance names the upstream origin",
             sub(r"Copied from the project's reference spec \(`" + re.escape(SH) + r"spec/vectors/`, 2026-11-25\)\. Each JSON file's",
                 "Byte-exact handshake transcripts made for this project (2026-11-25); the message layout is in\n"
                 "[`docs/spec/protocol.md`](../../../docs/spec/protocol.md) §13. Each JSON file's")),
        ],
        "test/vectors/esp-idf/sec2-transcript.json": [
            ("source names the upstream origin",
             sub(r"Project spec vectors " + re.escape(SH) + r"spec/vectors/sec2-transcript\.json \(copied verbatim into vectors\[0\]\)",
                 "Handshake transcript made for this project (in vectors[0])")),
            ("source names the upstream origin",
             sub(r"by Espressif esp_prov security2\.py/srp6a\.py;",
                 "by Espressif esp_prov security2.py/srp6a.py (espressif/esp-idf tools/esp_prov/security; the files read for docs/spec/protocol.md §3.3 are security2.py @56c2bfec and srp6a.py @66190529);")),
            ("source names the in-repo notes",
             sub(r"device side computed per the spec with Python integers", "device side computed per docs/spec/protocol.md §3.3 with Python integers")),
        ],
        "test/vectors/esp-idf/sec2-wifiprov-credentials.json": [
            ("source names the upstream origin",
             sub(r"\(examples/wifi_prov/main/app_main\.c @a9149818,",
                 "(espressif/idf-extra-components network_provisioning examples/wifi_prov/main/app_main.c @a9149818,")),
            ("source names the in-repo copy",
             sub(r"verifier bytes as in " + re.escape(SH) + r"spec/vectors/sec2-transcript\.json",
                 "verifier bytes as in test/vectors/esp-idf/sec2-transcript.json")),
        ],
    }
    if budget is not None:
        rules["docs/performance.md"].append(
            ("bundle budget from tools/bundle/budget.json",
             sub(r"of its (?!" + re.escape(f"{budget:,}") + r" B)[\d,]+ B budget \(`tools/bundle/budget\.json`\)",
                 f"of its {budget:,} B budget (`tools/bundle/budget.json`)")))
    return rules


def apply_generic(text):
    changes = []
    for name, rx, repl in GENERIC:
        text, n = rx.subn(repl, text)
        if n:
            changes.append((name, n))
    return text, changes


def main():
    if not (os.path.isfile("package.json") and os.path.isdir("tools")):
        sys.exit("run from the repository root")
    specific = specific_rules()
    total = 0
    for path in tracked_files():
        if path in EXEMPT or SKIP.search(path) or not os.path.isfile(path):
            continue
        with open(path, "rb") as f:
            raw = f.read()
        if b"\0" in raw:
            continue
        try:
            old = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        text = old
        changes = []
        missing = []
        # targeted edits first: they match the original wording
        for name, edit in specific.get(path, []):
            text, n = edit(text)
            if n > 0:
                changes.append((name, n))
            elif n < 0:
                missing.append(name)
        text, generic = apply_generic(text)
        changes += generic
        if path.endswith(".json") and text != old:
            try:
                json.loads(text)
            except ValueError as e:
                print(f"{path}: result is not valid JSON ({e}); left unchanged")
                continue
        if text != old:
            total += 1
            summary = {}
            for name, n in changes:
                summary[name] = summary.get(name, 0) + n
            print(f"{path}:")
            for name, n in summary.items():
                print(f"    {n} × {name}")
            if not DRY:
                with open(path, "w", encoding="utf-8", newline="") as f:
                    f.write(text)
        for name in missing:
            print(f"{path}: not found, skipped: {name}")
    for path in specific:
        if not os.path.isfile(path):
            print(f"{path}: missing, its targeted edits skipped")
    print(f"{total} file(s) {'would change' if DRY else 'changed'}.")


if __name__ == "__main__":
    main()
