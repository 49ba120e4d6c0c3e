/** Certificate codes: 16 characters of RFC 4648 base32 (A–Z, 2–7) shown as XXXX-XXXX-XXXX-XXXX. */

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** Encodes 10 bytes (80 bits) as 16 base32 characters, grouped in fours. */
export function formatCode(bytes: Uint8Array): string {
  if (bytes.length !== 10) throw new Error("a certificate code needs exactly 10 bytes");
  let bits = 0;
  let value = 0;
  let out = "";
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out.match(/.{4}/g)!.join("-");
}

/**
 * Reads a code as a person may type it: any case, with or without dashes or spaces. Returns the
 * canonical form, or null when it cannot be a certificate code.
 */
export function normaliseCode(input: string): string | null {
  // Base32 has no 0, 1 or 8: read them as the letters people mistake them for (O, I, B).
  const compact = input
    .normalize("NFKC")
    .toUpperCase()
    .replace(/[\s\-‐‑–—_.]/g, "")
    .replace(/0/g, "O")
    .replace(/1/g, "I")
    .replace(/8/g, "B");
  if (!/^[A-Z2-7]{16}$/.test(compact)) return null;
  return compact.match(/.{4}/g)!.join("-");
}
