// Espruino bench bundle of the X25519 module alone (global X), so its resident JsVars can be measured.
import { x25519, x25519Base } from "../../src/crypto/x25519";

declare const global: { X?: unknown };
global.X = { x25519: x25519, x25519Base: x25519Base };
