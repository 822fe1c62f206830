// The proto-ver JSON of the provisioning manager, printed exactly as cJSON_Print prints it.
// Mirrors ESP-IDF manager.c wifi_prov_get_info_json() + cJSON_Print (docs/spec/protocol.md §2.5).
import { CAP_NO_POP, CAP_NO_SEC, CAP_WIFI_SCAN, PROV_VERSION } from "./endpoints";

/** One wifi_prov_mgr_set_app_info() entry. */
export interface AppInfo {
  label: string;
  version: string;
  capabilities: string[];
}

/** What the "prov" object says. */
export interface ProvInfo {
  /** Security scheme 0/1/2 ("sec_ver"). */
  secVer: number;
  /** "sec_patch_ver" value. */
  secPatchVer: number;
  /** Emit "sec_patch_ver" (newest IDF). */
  emitPatchVer: boolean;
  /** Security 1 started without a PoP ("no_pop"). */
  noPop: boolean;
}

/** cJSON print_string_ptr: escapes " \ \b \f \n \r \t, other < 0x20 as \u00xx, rest verbatim. */
export function cjsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s.charAt(i);
    const c = s.charCodeAt(i);
    if (ch === '"' || ch === "\\") out += "\\" + ch;
    else if (c === 8) out += "\\b";
    else if (c === 12) out += "\\f";
    else if (c === 10) out += "\\n";
    else if (c === 13) out += "\\r";
    else if (c === 9) out += "\\t";
    else if (c < 32) out += "\\u" + (c + 0x10000).toString(16).substring(1);
    else out += ch;
  }
  return out + '"';
}

/**
 * The proto-ver string: app entries in call order (duplicates kept, as cJSON allows), then
 * "prov": {ver, sec_ver, [sec_patch_ver], cap}. cap: "no_sec" (sec0) else "no_pop" (sec1
 * without PoP), then "wifi_scan".
 */
export function provVersionJson(apps: AppInfo[], prov: ProvInfo): string {
  // Helpers nested: this runs once per start, and a top-level function would hold ~6 JsVars for
  // as long as the device runs (docs/platform/espruino.md §6.2).
  /** cJSON formatted array of strings: one line, ", " separators, "[]" when empty. */
  function cjsonStrArray(a: string[]): string {
    const parts: string[] = [];
    for (const s of a) parts.push(cjsonString(s));
    return "[" + parts.join(", ") + "]";
  }

  function tabs(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += "\t";
    return s;
  }

  /** cJSON formatted object from [key, printed value] pairs at depth (1 = top-level members). */
  function cjsonObject(members: string[][], depth: number): string {
    let s = "{\n";
    for (let i = 0; i < members.length; i++) {
      const m = members[i] as string[];
      s += tabs(depth) + cjsonString(m[0] as string) + ":\t" + (m[1] as string);
      s += i < members.length - 1 ? ",\n" : "\n";
    }
    return s + tabs(depth - 1) + "}";
  }

  const members: string[][] = [];
  for (const a of apps) {
    const inner = [
      ["ver", cjsonString(a.version)],
      ["cap", cjsonStrArray(a.capabilities)],
    ];
    members.push([a.label, cjsonObject(inner, 2)]);
  }
  const caps: string[] = [];
  if (prov.secVer === 0) caps.push(CAP_NO_SEC);
  else if (prov.secVer === 1 && prov.noPop) caps.push(CAP_NO_POP);
  caps.push(CAP_WIFI_SCAN);
  const p = [
    ["ver", cjsonString(PROV_VERSION)],
    ["sec_ver", String(prov.secVer)],
  ];
  if (prov.emitPatchVer) p.push(["sec_patch_ver", String(prov.secPatchVer)]);
  p.push(["cap", cjsonStrArray(caps)]);
  members.push(["prov", cjsonObject(p, 2)]);
  return cjsonObject(members, 1);
}
