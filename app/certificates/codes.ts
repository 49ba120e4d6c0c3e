import { encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";

/**
 * Certificate codes: 10 random bytes (80 bits) in RFC 4648 base32 (A–Z, 2–7), 16 characters shown
 * as XXXX-XXXX-XXXX-XXXX.
 *
 * Codes already handed out must keep verifying, including those of the first demo seed, which drew
 * from "ABCDEFGHJKMNPQRSTVWXYZ23456789" (so they may hold 8 and 9). A code is therefore read as
 * typed first, and only as a second candidate with 0, 1 and 8 taken for the letters people mistake
 * them for (O, I, B).
 */
export function formatCode(bytes: Uint8Array): string {
  if (bytes.length !== 10) throw new Error("a certificate code needs exactly 10 bytes");
  return group(encodeBase32UpperCaseNoPadding(bytes));
}

const group = (compact: string) => compact.match(/.{4}/g)!.join("-");

function compactForm(input: string): string | null {
  const compact = input
    .normalize("NFKC")
    .toUpperCase()
    .replace(/[\s\-‐‑–—_.]/g, "");
  return /^[A-Z0-9]{16}$/.test(compact) ? compact : null;
}

/**
 * Reads a code as a person may type it: any case, with or without dashes or spaces. Returns the
 * canonical form of what was typed (for URLs), or null when it cannot be a certificate code.
 */
export function normaliseCode(input: string): string | null {
  const compact = compactForm(input);
  return compact ? group(compact) : null;
}

/** The stored codes a typed code may mean, most literal first (see above); empty if none. */
export function codeCandidates(input: string): string[] {
  const compact = compactForm(input);
  if (!compact) return [];
  const candidates = [group(compact)];
  const misread = compact.replace(/0/g, "O").replace(/1/g, "I").replace(/8/g, "B");
  if (misread !== compact && /^[A-Z2-7]{16}$/.test(misread)) candidates.push(group(misread));
  return candidates;
}
