/**
 * Answer options are shuffled per attempt (docs/content-format.md, "Draws"), so an explanation that
 * says "option c is wrong" points at whatever the learner saw in that position. These are the
 * phrases content:check refuses: a word for "option"/"answer" in English, Lao or Vietnamese followed
 * by an option letter (a–e, or the Lao ກ ຂ ຄ ງ ຈ), and any list of further letters after it.
 * Legal sub-paragraphs ("Article 9(a)", "ມາດຕາ 9 ຂໍ້ ກ", "guarantee (a)") and scenario labels
 * ("Worker A") carry no such word and pass.
 */

// A lone "a" is usually the English article ("the answer a learner gives"), so lowercase "a" counts
// as a letter only in parentheses or before punctuation, a list word or the end of the text.
const LETTER = String.raw`(?:\([a-eA-E]\)|[b-eB-E]|A|a(?=\s*(?:[,.;:!?)]|$|and\b|or\b|ແລະ|ຫຼື|và\b|hoặc\b))|[ກຂຄງຈ])(?![\p{L}\p{M}\p{N}])`;
const MORE = String.raw`(?:\s*(?:,\s*(?:and|or)?|and|or|ແລະ|ຫຼື|và|hoặc)\s*${LETTER})*`;
const LEAD = [
  String.raw`(?<![\p{L}\p{M}])(?:options?|answers?|choices?)\s+`, // English
  String.raw`(?:ທາງເລືອກ|ຕົວເລືອກ|ຄຳຕອບ|(?<!\d\s*)ຂໍ້)\s*`, // Lao (no spaces between words; "ມາດຕາ 9 ຂໍ້ ກ" is a clause)
  String.raw`(?<![\p{L}\p{M}])(?:phương án|đáp án|lựa chọn|câu)\s+`, // Vietnamese
].join("|");
const PATTERN = new RegExp(String.raw`(?:${LEAD})${LETTER}${MORE}`, "giu");

/** The phrases in `text` that refer to answer options by letter (empty when there are none). */
export function optionLetterReferences(text: string): string[] {
  return [...text.matchAll(PATTERN)].map((m) => m[0]);
}
