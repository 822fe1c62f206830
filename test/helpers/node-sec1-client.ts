// An independent security-1 client built only on node:crypto (X25519, SHA-256, one AES-256-CTR
// stream), so device tests do not share code between the two sides.
import * as nc from "node:crypto";

const PKCS8 = Buffer.from("302e020100300506032b656e04220420", "hex");
const SPKI = Buffer.from("302a300506032b656e032100", "hex");

export function x25519Node(priv: Uint8Array, pub: Uint8Array): Uint8Array {
  const k = nc.createPrivateKey({ key: Buffer.concat([PKCS8, priv]), format: "der", type: "pkcs8" });
  const p = nc.createPublicKey({ key: Buffer.concat([SPKI, pub]), format: "der", type: "spki" });
  return new Uint8Array(nc.diffieHellman({ privateKey: k, publicKey: p }));
}

export function x25519PubNode(priv: Uint8Array): Uint8Array {
  const k = nc.createPrivateKey({ key: Buffer.concat([PKCS8, priv]), format: "der", type: "pkcs8" });
  const der = nc.createPublicKey(k).export({ format: "der", type: "spki" });
  return new Uint8Array(der.subarray(der.length - 32));
}

const hex = (s: string) => Buffer.from(s.replace(/ /g, ""), "hex");

/** esp_prov's security1.py, re-done with node:crypto. */
export class NodeSec1Client {
  readonly priv: Uint8Array;
  readonly pub: Uint8Array;
  private cipher: nc.Cipher | undefined;
  private devPub: Uint8Array | undefined;

  constructor(private pop: string | undefined, priv?: Uint8Array) {
    this.priv = priv ?? new Uint8Array(nc.randomBytes(32));
    this.pub = x25519PubNode(this.priv);
  }

  cmd0(): Uint8Array {
    return new Uint8Array(Buffer.concat([hex("10015a25a201220a20"), this.pub]));
  }

  /** Parses SessionResp0 (fixed layout, docs/spec/protocol.md §13) and returns SessionCmd1. */
  cmd1(resp0: Uint8Array): Uint8Array {
    const r = Buffer.from(resp0);
    if (r.length !== 61 || !r.subarray(0, 11).equals(hex("10015a390801aa01341220"))) throw new Error("bad resp0");
    this.devPub = new Uint8Array(r.subarray(11, 43));
    const iv = r.subarray(45, 61);
    const key = Buffer.from(x25519Node(this.priv, this.devPub));
    if (this.pop) {
      const h = nc.createHash("sha256").update(this.pop).digest();
      for (let i = 0; i < 32; i++) key[i]! ^= h[i]!;
    }
    this.cipher = nc.createCipheriv("aes-256-ctr", key, iv);
    return new Uint8Array(Buffer.concat([hex("10015a270802b201221220"), this.cipher.update(this.devPub)]));
  }

  /** Checks SessionResp1: the device verify data must decrypt to our public key. */
  verify(resp1: Uint8Array): boolean {
    const r = Buffer.from(resp1);
    if (r.length !== 43) return false;
    return this.crypt(r.subarray(11)).equals(Buffer.from(this.pub));
  }

  crypt(data: Uint8Array): Buffer {
    return this.cipher!.update(data);
  }
}
