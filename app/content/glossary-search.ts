/**
 * For glossary search: no accents, no case, and no hyphens, spaces, dots or apostrophes, so "copay"
 * finds "co-payment" and "out of pocket" finds "out-of-pocket".
 */
export function foldForSearch(s: string) {
  return s
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[\s\p{Pd}\u00ad._/'’]+/gu, "");
}

/** Whether a glossary entry's text matches what a person typed. */
export function matchesSearch(texts: string[], q: string) {
  const needle = foldForSearch(q);
  return texts.some((s) => foldForSearch(s).includes(needle));
}
