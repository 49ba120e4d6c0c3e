import { describe, expect, it } from "vitest";
import legacy from "#tests/fixtures/legacy/encodings.json";
import { formatCode } from "#app/certificates/codes";
import { base58Decode, base58Encode, publicKeyMultibase } from "#app/certificates/credential.server";
import { uuidV5 } from "#app/reports/xapi.server";

// The hand-written base32, base58 and UUID v5 were replaced by @oslojs/encoding, @scure/base and
// uuid. tests/fixtures/legacy/encodings.json holds what the old code produced (recorded before it was
// deleted); codes, keys, proofs and statement ids already handed out must not change.
const fromHex = (hex: string) => Uint8Array.from(Buffer.from(hex, "hex"));

describe("library encodings give the same outputs as the hand-written ones they replaced", () => {
  it("certificate codes (base32)", () => {
    for (const [hex, code] of legacy.certificateCodes) expect(formatCode(fromHex(hex!))).toBe(code);
  });

  it("base58btc, both ways, leading zero bytes included", () => {
    for (const [hex, text] of legacy.base58) {
      expect(base58Encode(fromHex(hex!))).toBe(text);
      expect(Buffer.from(base58Decode(text!)!).toString("hex")).toBe(hex);
    }
    expect(base58Decode("0OIl")).toBeNull();
    expect(publicKeyMultibase(new Uint8Array(32))).toBe(`z${base58Encode(Uint8Array.from([0xed, 0x01, ...new Uint8Array(32)]))}`);
  });

  it("UUID v5", () => {
    for (const [name, namespace, uuid] of legacy.uuidV5) expect(uuidV5(name!, namespace!)).toBe(uuid);
    expect(() => uuidV5("x", "not-a-uuid")).toThrow(TypeError);
  });
});
