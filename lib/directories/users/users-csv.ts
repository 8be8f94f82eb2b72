// A CSV of new directory users: one per row, with the initial password. File checks (size,
// encoding, Excel files, line numbers) are bulk provisioning's (lib/bulk/csv.ts); the row rules are
// the create form's (schema.ts). Passwords are read here and never leave the server in a preview.
import { decodeCsvBytes, isBlank, normaliseHeader, splitRows, MAX_ROWS, type FileError } from "@/lib/bulk/csv";
import { pluralWord } from "@/lib/plural";
import { newDirectoryUserSchema } from "./schema";

export const USERS_CSV_COLUMNS = ["user_name", "first_name", "last_name", "email", "password", "must_change_password"] as const;
const REQUIRED = ["user_name", "first_name", "last_name", "password"] as const;

export type UsersCsvRow = {
  line: number;
  userName: string;
  givenName: string;
  surname: string;
  email: string | null;
  password: string;
  mustChangePassword: boolean;
  problems: string[];
};

export type UsersCsvResult = { ok: true; rows: UsersCsvRow[] } | FileError;

const fileError = (code: FileError["code"], message: string): FileError => ({ ok: false, code, message });

const YES = new Set(["yes", "y", "true", "1"]);
const NO = new Set(["", "no", "n", "false", "0"]);

export function parseUsersCsv(text: string): UsersCsvResult {
  const all = splitRows(text).filter((r) => !isBlank(r.cells));
  if (all.length === 0) return fileError("EMPTY", "The file has no header and no rows.");
  const [header, ...data] = all;
  const names = header.cells.map(normaliseHeader);
  const missing = REQUIRED.filter((c) => !names.includes(c));
  if (missing.length > 0) {
    return fileError("BAD_HEADER", `The header on line ${header.line} lacks the ${pluralWord(missing.length, "column")} ${missing.join(", ")}. Expected: ${USERS_CSV_COLUMNS.join(",")}.`);
  }
  if (data.length === 0) return fileError("NO_ROWS", "The file has a header but no rows.");
  if (data.length > MAX_ROWS) return fileError("TOO_MANY_ROWS", `The file has ${data.length} rows; the limit is ${MAX_ROWS}. Split it into several files.`);
  const cell = (cells: string[], column: (typeof USERS_CSV_COLUMNS)[number]) => {
    const i = names.indexOf(column);
    return i >= 0 ? (cells[i] ?? "") : "";
  };

  const rows = data.map((raw): UsersCsvRow => {
    const problems: string[] = [];
    if (raw.quoteError) problems.push("A quote is not closed on this row.");
    const mustChange = cell(raw.cells, "must_change_password").trim().toLowerCase();
    if (!YES.has(mustChange) && !NO.has(mustChange)) problems.push("must_change_password must be yes or no (empty is no).");
    const parsed = newDirectoryUserSchema.safeParse({
      userName: cell(raw.cells, "user_name"),
      givenName: cell(raw.cells, "first_name"),
      surname: cell(raw.cells, "last_name"),
      email: cell(raw.cells, "email"),
      password: cell(raw.cells, "password"),
    });
    if (!parsed.success) problems.push(...parsed.error.issues.map((i) => i.message));
    const v = parsed.success ? parsed.data : null;
    return {
      line: raw.line,
      userName: v?.userName ?? cell(raw.cells, "user_name").trim(),
      givenName: v?.givenName ?? cell(raw.cells, "first_name").trim(),
      surname: v?.surname ?? cell(raw.cells, "last_name").trim(),
      email: v ? v.email : cell(raw.cells, "email").trim() || null,
      password: cell(raw.cells, "password"),
      mustChangePassword: YES.has(mustChange),
      problems,
    };
  });
  // sAMAccountName is unique whatever the case.
  const first = new Map<string, number>();
  for (const row of rows) {
    const key = row.userName.toLowerCase();
    if (!key) continue;
    const earlier = first.get(key);
    if (earlier !== undefined) row.problems.push(`The user name ${row.userName} is already on line ${earlier}.`);
    else first.set(key, row.line);
  }
  return { ok: true, rows };
}

export function readUsersCsv(bytes: Uint8Array): UsersCsvResult {
  const decoded = decodeCsvBytes(bytes);
  return decoded.ok ? parseUsersCsv(decoded.text) : decoded;
}

/** What the browser sees of a row: never the password. */
export type UsersCsvPreviewRow = Omit<UsersCsvRow, "password">;
export function previewRow({ password: _password, ...row }: UsersCsvRow): UsersCsvPreviewRow {
  return row;
}

export function usersCsvTemplate(domain: string): string {
  return `${USERS_CSV_COLUMNS.join(",")}\nann.lee,Ann,Lee,ann.lee@${domain},Initial-Pass-2468,yes\n`;
}
