import Papa from "papaparse";

/**
 * Rows as a CSV download: UTF-8 with a byte-order mark (so spreadsheet programs show Lao and
 * Vietnamese correctly), CRLF line ends, RFC 4180 quoting by papaparse. Text that a spreadsheet would
 * run as a formula (=, +, -, @ at the start) is prefixed with a quote; numbers stay numbers.
 */
export function toCsv(rows: (string | number | null)[][]): string {
  const safe = rows.map((r) => r.map((v) => (v === null ? "" : typeof v === "string" && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v)));
  return `\uFEFF${Papa.unparse(safe, { newline: "\r\n" })}\r\n`;
}

/** Response headers for a CSV attachment with a UTF-8 file name. */
export function csvHeaders(fileName: string): Record<string, string> {
  return {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="${fileName.replace(/[^\x20-\x7e]|"/g, "_")}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    "Cache-Control": "private, no-store",
  };
}
