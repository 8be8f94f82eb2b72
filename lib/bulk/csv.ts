// Reading a bulk-provisioning CSV: bytes → text → rows, each with the problems found in the row
// itself (syntax, values, duplicates), and its line number in the file. Pure: no database, no I/O.
// Checks against the portal's catalogue (directories, bundles, existing desktops) are in
// provisioning-check.ts.

import Papa from "papaparse";
import { pluralWord } from "@/lib/plural";
import { writeCsv } from "@/lib/csv/write-csv";
import { autoStopMinutesFromHours } from "@/lib/desktops/auto-stop";
import type { RunningMode } from "@/lib/db/generated/enums";

export const MAX_FILE_BYTES = 2 * 1024 * 1024;
export const MAX_ROWS = 5000;

export const CSV_COLUMNS = ["user_name", "directory_id", "bundle_id", "running_mode", "autostop_timeout_hours", "tags"] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];
const REQUIRED_COLUMNS: readonly CsvColumn[] = ["user_name", "directory_id", "bundle_id", "running_mode"];

/** AWS's limits (workspaces API model); the portal adds up to three tags of its own to each desktop. */
export const USER_NAME_MAX = 63;
export const TAG_KEY_MAX = 127;
export const TAG_VALUE_MAX = 255;
export const MAX_ROW_TAGS = 47;
export const DEFAULT_AUTOSTOP_HOURS = 1;

const DIRECTORY_ID = /^d-[0-9a-f]{8,63}$/;
const BUNDLE_ID = /^wsb-[0-9a-z]{8,63}$/;
// Characters Active Directory does not allow in a logon name, and control characters.
export const USER_NAME_FORBIDDEN = /["/\\[\]:;|=,+*?<>\p{Cc}]/u;
// AWS's tag character set: letters, numbers, spaces and _ . : / = + - @
const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

export type Severity = "error" | "warning";
/** `kind` marks a warning that can apply to many rows, so the preview can show it once with its count. */
export type Problem = { severity: Severity; column?: CsvColumn; message: string; kind?: "UNKNOWN_USER" };


export type ProvisioningRow = {
  /** Physical line in the file where the row starts (1 = first line, the header). */
  line: number;
  userName: string;
  directoryId: string;
  bundleId: string;
  /** Null when missing or malformed (see problems). */
  runningMode: RunningMode | null;
  /** Converted from the file's hours (autostop_timeout_hours) to the portal's minutes. */
  autoStopTimeoutMinutes: number | null;
  tags: Record<string, string>;
  /** The cells as written (trimmed), for the preview and the results file. */
  raw: Record<CsvColumn, string>;
  problems: Problem[];
};

export type FileErrorCode = "EMPTY" | "TOO_LARGE" | "NOT_CSV" | "UTF16" | "NOT_UTF8" | "BINARY" | "BAD_HEADER" | "NO_ROWS" | "TOO_MANY_ROWS";
export type FileError = { ok: false; code: FileErrorCode; message: string };
export type CsvReadResult = { ok: true; rows: ProvisioningRow[]; fileWarnings: string[] } | FileError;

export const hasErrors = (row: { problems: Problem[] }) => row.problems.some((p) => p.severity === "error");

const fileError = (code: FileErrorCode, message: string): FileError => ({ ok: false, code, message });
const SAVE_AS_UTF8 = 'Save it from your spreadsheet as "CSV UTF-8 (comma delimited)" and upload it again.';

function megabytes(bytes: number) {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function fileTooLarge(size: number): FileError {
  const kb = (bytes: number) => `${Math.ceil(bytes / 1024).toLocaleString("en")} KB`;
  return fileError(
    "TOO_LARGE",
    `The file is ${size >= 10 * MAX_FILE_BYTES ? megabytes(size) : kb(size)}; the limit is ${kb(MAX_FILE_BYTES)} (2 MB, at most ${MAX_ROWS.toLocaleString("en")} rows). Split it into several files.`,
  );
}

/** The name the browser sent: a .csv (or .txt) file. The content is checked separately. */
export function checkFileName(name: string): FileError | null {
  if (/\.(csv|txt)$/i.test(name.trim())) return null;
  if (/\.xlsx?$/i.test(name.trim())) return fileError("NOT_CSV", `${name} is an Excel workbook, not a CSV file. ${SAVE_AS_UTF8}`);
  return fileError("NOT_CSV", `${name || "The file"} is not a CSV file: choose a .csv file (see the template).`);
}

/** Index of the first byte that is not part of valid UTF-8, or -1. */
export function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let code = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      code = (code << 6) | (c & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and code points above U+10FFFF are not UTF-8.
    if (code < min || (code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) return i;
    i += need + 1;
  }
  return -1;
}

function lineAt(bytes: Uint8Array, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/**
 * Bytes → text. UTF-8 only (a UTF-8 byte-order mark is dropped); UTF-16, Excel workbooks, binary
 * files and other encodings (Windows-1252 "CSV" exports) get a message that says what to do.
 */
export function decodeCsvBytes(bytes: Uint8Array): { ok: true; text: string } | FileError {
  if (bytes.length === 0) return fileError("EMPTY", "The file is empty.");
  if (bytes.length > MAX_FILE_BYTES) return fileTooLarge(bytes.length);
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0xff, 0xfe) || starts(0xfe, 0xff)) {
    return fileError("UTF16", `The file is encoded as UTF-16 (Excel's "Unicode text"). ${SAVE_AS_UTF8}`);
  }
  if (starts(0x50, 0x4b, 0x03, 0x04)) return fileError("NOT_CSV", `This is an Excel workbook (.xlsx) or another zip file, not a CSV file. ${SAVE_AS_UTF8}`);
  if (starts(0xd0, 0xcf, 0x11, 0xe0)) return fileError("NOT_CSV", `This is an old Excel workbook (.xls), not a CSV file. ${SAVE_AS_UTF8}`);
  const body = starts(0xef, 0xbb, 0xbf) ? bytes.subarray(3) : bytes;

  const head = body.subarray(0, 4096);
  const nuls = head.reduce((n, b) => n + (b === 0 ? 1 : 0), 0);
  if (nuls > 0) {
    // ASCII text in UTF-16 without a byte-order mark: every other byte is zero.
    if (nuls >= head.length / 4) return fileError("UTF16", `The file looks like UTF-16 text. ${SAVE_AS_UTF8}`);
    return fileError("BINARY", "This is not a text file. Upload a CSV file (see the template).");
  }
  // A NUL further in is one stray character, which no database text column can hold: say where.
  const nul = body.indexOf(0);
  if (nul >= 0) {
    const line = body.subarray(0, nul).reduce((n, b) => n + (b === 10 ? 1 : 0), 1);
    return fileError("BINARY", `Line ${line} contains a NUL character, which is not allowed. Remove it and upload the file again.`);
  }
  const bad = firstInvalidUtf8Byte(body);
  if (bad >= 0) {
    const byte = body[bad].toString(16).toUpperCase().padStart(2, "0");
    return fileError(
      "NOT_UTF8",
      `Line ${lineAt(body, bad)} is not valid UTF-8 (byte 0x${byte}); the file was probably saved in another encoding such as Windows-1252. ${SAVE_AS_UTF8}`,
    );
  }
  return { ok: true, text: new TextDecoder("utf-8").decode(body) };
}

export const normaliseHeader = (cell: string) => cell.trim().toLowerCase().replace(/[\s-]+/g, "_");
export const isBlank = (cells: string[]) => cells.every((c) => c.trim() === "");
const countNewlines = (text: string, from: number, to: number) => {
  let n = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
};

export type RawRow = { line: number; cells: string[]; quoteError: boolean };

/** Rows with the line each starts on (quoted values may span lines). Lines starting with # are comments. */
export function splitRows(text: string): RawRow[] {
  const normalised = text.replace(/\r\n?/g, "\n");
  const rows: RawRow[] = [];
  let newlinesBefore = 0;
  let lastCursor = 0;
  Papa.parse<string[]>(normalised, {
    delimiter: ",",
    newline: "\n",
    quoteChar: '"',
    comments: "#",
    skipEmptyLines: false,
    step: (result) => {
      const cursor = result.meta.cursor;
      newlinesBefore += countNewlines(normalised, lastCursor, cursor);
      lastCursor = cursor;
      const cells = result.data;
      const quoteError = result.errors.some((e) => e.type === "Quotes");
      // The row ends at the cursor, after its newline if any (an unclosed quote swallows the rest of
      // the file, final newline included): subtract that and the newlines inside its values.
      const terminated = normalised.charCodeAt(cursor - 1) === 10 && !quoteError;
      const inside = cells.reduce((n, c) => n + countNewlines(c, 0, c.length), 0);
      const line = newlinesBefore - (terminated ? 1 : 0) - inside + 1;
      rows.push({ line, cells, quoteError });
    },
  });
  return rows;
}

/** Text → rows with their own problems. File-level problems (header, size) end the reading. */
export function parseProvisioningCsv(text: string): CsvReadResult {
  const all = splitRows(text).filter((r) => !isBlank(r.cells));
  if (all.length === 0) return fileError("EMPTY", "The file has no header and no rows.");
  const [header, ...data] = all;

  if (header.cells.length === 1 && header.cells[0].includes(";")) {
    return fileError("BAD_HEADER", `The file is separated by semicolons; separate the columns with commas. ${SAVE_AS_UTF8}`);
  }
  const names = header.cells.map(normaliseHeader);
  const missing = REQUIRED_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length > 0) {
    const looksLikeData = header.cells.some((c) => DIRECTORY_ID.test(c.trim()) || BUNDLE_ID.test(c.trim()));
    return fileError(
      "BAD_HEADER",
      looksLikeData
        ? `Line ${header.line} must be the header: ${CSV_COLUMNS.join(",")}.`
        : `The header on line ${header.line} lacks the ${pluralWord(missing.length, "column")} ${missing.join(", ")}. Expected: ${CSV_COLUMNS.join(",")}.`,
    );
  }
  const duplicated = names.filter((n, i) => n !== "" && names.indexOf(n) !== i);
  if (duplicated.length > 0) return fileError("BAD_HEADER", `The header names ${[...new Set(duplicated)].join(", ")} more than once.`);
  if (data.length === 0) return fileError("NO_ROWS", "The file has a header but no rows.");
  if (data.length > MAX_ROWS) {
    return fileError("TOO_MANY_ROWS", `The file has ${data.length.toLocaleString("en")} rows; the limit is ${MAX_ROWS.toLocaleString("en")}. Split it into several files.`);
  }

  const fileWarnings: string[] = [];
  const unknown = names.filter((n) => n !== "" && !(CSV_COLUMNS as readonly string[]).includes(n));
  if (unknown.length > 0) fileWarnings.push(`${pluralWord(unknown.length, "Column")} ${unknown.join(", ")} ${pluralWord(unknown.length, "is", "are")} not used and ${pluralWord(unknown.length, "is", "are")} ignored.`);
  const index = Object.fromEntries(CSV_COLUMNS.map((c) => [c, names.indexOf(c)])) as Record<CsvColumn, number>;

  const rows = data.map((r) => parseRow(r, index, header.cells.length));
  markDuplicates(rows);
  return { ok: true, rows, fileWarnings };
}

/** Bytes → rows: what the upload goes through. */
export function readProvisioningCsv(bytes: Uint8Array): CsvReadResult {
  const decoded = decodeCsvBytes(bytes);
  if (!decoded.ok) return decoded;
  return parseProvisioningCsv(decoded.text);
}

function parseRow(r: RawRow, index: Record<CsvColumn, number>, headerWidth: number): ProvisioningRow {
  const cell = (c: CsvColumn) => (index[c] >= 0 ? (r.cells[index[c]] ?? "").trim() : "");
  const raw = Object.fromEntries(CSV_COLUMNS.map((c) => [c, cell(c)])) as Record<CsvColumn, string>;
  const problems: Problem[] = [];
  const error = (message: string, column?: CsvColumn) => problems.push({ severity: "error", column, message });

  if (r.quoteError) error("A quoted value is not closed (a \" is missing).");
  if (r.cells.length > headerWidth) {
    error(`The row has ${r.cells.length} values but the header has ${headerWidth} columns. Quote values that contain commas; separate tags with ";".`);
  }

  if (!raw.user_name) error("The user name is missing.", "user_name");
  else if (raw.user_name.length > USER_NAME_MAX) error(`The user name is longer than ${USER_NAME_MAX} characters.`, "user_name");
  else if (USER_NAME_FORBIDDEN.test(raw.user_name)) error(`"${raw.user_name}" is not a valid directory user name (it contains characters such as , ; = / \\ [ ] or quotes).`, "user_name");

  if (!raw.directory_id) error("The directory id is missing.", "directory_id");
  else if (!DIRECTORY_ID.test(raw.directory_id)) error(`"${raw.directory_id}" is not a directory id (d- followed by 10 hexadecimal digits).`, "directory_id");

  if (!raw.bundle_id) error("The bundle id is missing.", "bundle_id");
  else if (!BUNDLE_ID.test(raw.bundle_id)) error(`"${raw.bundle_id}" is not a bundle id (wsb- followed by letters and digits).`, "bundle_id");

  const runningMode = parseRunningMode(raw.running_mode);
  if (!raw.running_mode) error("The running mode is missing: AUTO_STOP or ALWAYS_ON.", "running_mode");
  else if (!runningMode) error(`"${raw.running_mode}" is not a running mode: AUTO_STOP or ALWAYS_ON.`, "running_mode");

  let autoStopTimeoutMinutes: number | null = null;
  const timeout = raw.autostop_timeout_hours;
  if (runningMode === "ALWAYS_ON" && timeout !== "") {
    // AWS refuses the item (AutoStopTimeoutIsNotApplicableForAnAlwaysOnWorkspace).
    error("AlwaysOn desktops have no AutoStop timeout: leave autostop_timeout_hours empty.", "autostop_timeout_hours");
  } else if (runningMode === "AUTO_STOP") {
    if (timeout === "") autoStopTimeoutMinutes = autoStopMinutesFromHours(DEFAULT_AUTOSTOP_HOURS);
    else if (!/^[+-]?\d+(\.\d+)?$/.test(timeout)) error(`"${timeout}" is not a number of hours.`, "autostop_timeout_hours");
    else if (!Number.isInteger(Number(timeout))) error(`The AutoStop timeout must be a whole number of hours, not ${timeout}.`, "autostop_timeout_hours");
    else if (Number(timeout) < 1 || Number(timeout) > 48) error(`The AutoStop timeout must be between 1 and 48 hours, not ${timeout}.`, "autostop_timeout_hours");
    else autoStopTimeoutMinutes = autoStopMinutesFromHours(Number(timeout));
  }

  const tags = parseTags(raw.tags);
  for (const message of tags.errors) error(message, "tags");

  return {
    line: r.line,
    userName: raw.user_name,
    directoryId: raw.directory_id,
    bundleId: raw.bundle_id,
    runningMode,
    autoStopTimeoutMinutes,
    tags: tags.tags,
    raw,
    problems,
  };
}

function parseRunningMode(text: string): RunningMode | null {
  // Also the console's spelling (AutoStop, AlwaysOn) and any case.
  const key = text.toUpperCase().replace(/[^A-Z]/g, "");
  return key === "AUTOSTOP" ? "AUTO_STOP" : key === "ALWAYSON" ? "ALWAYS_ON" : null;
}

/** `key=value;key2=value2`. Keys starting with aws: are AWS's, portal: the portal's own tags. */
export function parseTags(text: string): { tags: Record<string, string>; errors: string[] } {
  const tags: Record<string, string> = {};
  const errors: string[] = [];
  if (text.trim() === "") return { tags, errors };
  const parts = text.split(";").map((p) => p.trim()).filter((p) => p !== "");
  for (const part of parts) {
    const eq = part.indexOf("=");
    if (eq < 0) {
      errors.push(`Tag "${part}" has no "=": write key=value, separated by ";".`);
      continue;
    }
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === "") errors.push(`Tag "${part}" has no key.`);
    else if (key.length > TAG_KEY_MAX) errors.push(`Tag key "${key.slice(0, 20)}…" is longer than ${TAG_KEY_MAX} characters.`);
    else if (/^aws:/i.test(key)) errors.push(`Tag key "${key}": keys starting with aws: are reserved by AWS.`);
    else if (/^portal:/i.test(key)) errors.push(`Tag key "${key}": keys starting with portal: are reserved by the portal.`);
    else if (!TAG_CHARS.test(key)) errors.push(`Tag key "${key}" may contain only letters, digits, spaces and _ . : / = + - @.`);
    else if (value.length > TAG_VALUE_MAX) errors.push(`The value of tag "${key}" is longer than ${TAG_VALUE_MAX} characters.`);
    else if (!TAG_CHARS.test(value)) errors.push(`The value of tag "${key}" may contain only letters, digits, spaces and _ . : / = + - @.`);
    else if (Object.hasOwn(tags, key)) errors.push(`Tag "${key}" is given more than once.`);
    else tags[key] = value;
  }
  if (Object.keys(tags).length > MAX_ROW_TAGS) errors.push(`At most ${MAX_ROW_TAGS} tags per desktop (AWS allows 50; the portal adds its own).`);
  return { tags, errors };
}

/** One desktop per user and directory: a later row for the same user is an error. */
function markDuplicates(rows: ProvisioningRow[]) {
  const seen = new Map<string, ProvisioningRow>();
  for (const row of rows) {
    if (!row.userName || !row.directoryId) continue;
    // Directory user names are case-insensitive.
    const key = `${row.directoryId.toLowerCase()}\u0000${row.userName.toLowerCase()}`;
    const first = seen.get(key);
    if (!first) {
      seen.set(key, row);
      continue;
    }
    const same = CSV_COLUMNS.every((c) => row.raw[c] === first.raw[c]);
    row.problems.push({
      severity: "error",
      column: "user_name",
      message: same
        ? `Duplicate of line ${first.line}.`
        : `${row.userName} already has a row for this directory on line ${first.line} (one desktop per user and directory).`,
    });
  }
}

/** The downloadable template: documentation as # comment lines, the header, two examples. */
export function provisioningTemplateCsv(example: { directoryId: string; bundleId: string }): string {
  const lines = [
    "# Bulk desktop provisioning. Lines starting with # are ignored. Save as CSV UTF-8.",
    "# user_name: the directory user (sAMAccountName) the desktop is for. One desktop per user and directory.",
    "# directory_id: a directory registered with WorkSpaces (d-xxxxxxxxxx). bundle_id: wsb-xxxxxxxxx.",
    "# running_mode: AUTO_STOP (billed per hour) or ALWAYS_ON (billed per month).",
    `# autostop_timeout_hours: whole hours 1 to 48 for AUTO_STOP (empty = ${DEFAULT_AUTOSTOP_HOURS}); empty for ALWAYS_ON.`,
    "# tags: optional; key=value pairs separated by semicolons; keys must not start with aws: or portal:.",
  ];
  // The example ids come from the catalogue (AWS): written by the formula-safe writer.
  const table = writeCsv(CSV_COLUMNS, [
    ["jdoe", example.directoryId, example.bundleId, "AUTO_STOP", 2, "CostCenter=1234;Department=Finance"],
    ["asmith", example.directoryId, example.bundleId, "ALWAYS_ON", "", "CostCenter=5678"],
  ]);
  return `${lines.join("\r\n")}\r\n${table}`;
}
