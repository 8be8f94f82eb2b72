// The one CSV writer for every export (costs, bulk job results, the bulk template).
// Security: a cell a spreadsheet would run as a formula (=, +, -, @, tab, carriage return at the
// start) is prefixed with an apostrophe (CSV injection): user names, tags and AWS messages come
// from users and from AWS, not from us. Numbers stay numbers, negative ones included.

export type CsvValue = string | number | boolean | null | undefined;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Header first, every line ending in CRLF; `byteOrderMark` makes Excel read the file as UTF-8. */
export function writeCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[], options: { byteOrderMark?: boolean } = {}): string {
  const body = [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
  return options.byteOrderMark ? `\uFEFF${body}` : body;
}
