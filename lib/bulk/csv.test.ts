import { describe, expect, it } from "vitest";
import {
  MAX_FILE_BYTES,
  MAX_ROWS,
  checkFileName,
  decodeCsvBytes,
  firstInvalidUtf8Byte,
  hasErrors,
  parseProvisioningCsv,
  parseTags,
  provisioningTemplateCsv,
  readProvisioningCsv,
  type CsvReadResult,
  type ProvisioningRow,
} from "./csv";

const HEADER = "user_name,directory_id,bundle_id,running_mode,autostop_timeout_hours,tags";
const DIR = "d-9067000001";
const BUNDLE = "wsb-v7ko4r7f1";
const utf8 = (text: string) => new TextEncoder().encode(text);
const csv = (...lines: string[]) => [HEADER, ...lines].join("\n") + "\n";

function rowsOf(result: CsvReadResult): ProvisioningRow[] {
  if (!result.ok) throw new Error(`expected rows, got ${result.code}: ${result.message}`);
  return result.rows;
}
const messages = (row: ProvisioningRow) => row.problems.map((p) => p.message);

describe("decoding the upload", () => {
  it("reads UTF-8 with and without a byte-order mark, keeping non-ASCII names", () => {
    const text = csv(`jürgen,${DIR},${BUNDLE},AUTO_STOP,2,Team=Zürich`);
    const plain = rowsOf(readProvisioningCsv(utf8(text)));
    const withBom = rowsOf(readProvisioningCsv(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)])));
    expect(plain[0]).toMatchObject({ userName: "jürgen", tags: { Team: "Zürich" }, problems: [] });
    expect(withBom).toEqual(plain);
  });

  it("refuses UTF-16 with a byte-order mark (little and big endian) and without one", () => {
    const text = csv(`alice,${DIR},${BUNDLE},AUTO_STOP,,`);
    const le = new Uint8Array([0xff, 0xfe, ...Buffer.from(text, "utf16le")]);
    const be = new Uint8Array([0xfe, 0xff, ...Buffer.from(text, "utf16le").swap16()]);
    const noBom = new Uint8Array(Buffer.from(text, "utf16le"));
    for (const bytes of [le, be, noBom]) {
      const result = decodeCsvBytes(bytes);
      expect(result).toMatchObject({ ok: false, code: "UTF16" });
      expect(!result.ok && result.message).toMatch(/UTF-16.*CSV UTF-8/);
    }
  });

  it("refuses Windows-1252 text and names the line of the first bad byte", () => {
    const text = Buffer.concat([Buffer.from(`${HEADER}\nalice,${DIR},${BUNDLE},AUTO_STOP,,\n`), Buffer.from([0x6a, 0xfc, 0x72, 0x67, 0x65, 0x6e]), Buffer.from(`,${DIR},${BUNDLE},AUTO_STOP,,\n`)]);
    const result = decodeCsvBytes(new Uint8Array(text));
    expect(result).toMatchObject({ ok: false, code: "NOT_UTF8" });
    expect(!result.ok && result.message).toMatch(/^Line 3 is not valid UTF-8 \(byte 0xFC\)/);
  });

  it("knows valid from invalid UTF-8 sequences", () => {
    expect(firstInvalidUtf8Byte(utf8("aé€😀"))).toBe(-1);
    expect(firstInvalidUtf8Byte(new Uint8Array([0x61, 0xc0, 0x80]))).toBe(1); // overlong
    expect(firstInvalidUtf8Byte(new Uint8Array([0xed, 0xa0, 0x80]))).toBe(0); // surrogate
    expect(firstInvalidUtf8Byte(new Uint8Array([0x61, 0xe2, 0x82]))).toBe(1); // truncated
    expect(firstInvalidUtf8Byte(new Uint8Array([0xf5, 0x80, 0x80, 0x80]))).toBe(0); // beyond U+10FFFF
  });

  it("refuses empty, too large, Excel and binary files", () => {
    expect(decodeCsvBytes(new Uint8Array())).toMatchObject({ ok: false, code: "EMPTY" });
    const big = new Uint8Array(MAX_FILE_BYTES + 1).fill(0x61);
    const tooLarge = decodeCsvBytes(big);
    expect(tooLarge).toMatchObject({ ok: false, code: "TOO_LARGE" });
    expect(!tooLarge.ok && tooLarge.message).toMatch(/^The file is 2,049 KB; the limit is 2,048 KB \(2 MB, at most 5,000 rows\)/);
    expect(decodeCsvBytes(new Uint8Array(MAX_FILE_BYTES).fill(0x61))).toMatchObject({ ok: true });
    expect(decodeCsvBytes(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).toMatchObject({ ok: false, code: "NOT_CSV" });
    expect(decodeCsvBytes(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3]))).toMatchObject({ ok: false, code: "NOT_CSV" });
    const binary = new Uint8Array(200).map((_, i) => (i === 50 ? 0 : 0x41 + (i % 20)));
    expect(decodeCsvBytes(binary)).toMatchObject({ ok: false, code: "BINARY" });
  });

  it("names the line of a stray NUL character past the first 4 KB", () => {
    const text = `${"userName,directoryId,bundleId\n"}${"alice,d-1234567890,wsb-abcdefgh1\n".repeat(200)}bob\u0000,d-1234567890,wsb-abcdefgh1\n`;
    const result = decodeCsvBytes(new TextEncoder().encode(text));
    expect(result).toMatchObject({ ok: false, code: "BINARY", message: "Line 202 contains a NUL character, which is not allowed. Remove it and upload the file again." });
  });

  it("accepts .csv and .txt names only", () => {
    expect(checkFileName("people.CSV")).toBeNull();
    expect(checkFileName("export.txt")).toBeNull();
    expect(checkFileName("people.xlsx")).toMatchObject({ code: "NOT_CSV", message: expect.stringMatching(/Excel workbook/) });
    expect(checkFileName("photo.png")).toMatchObject({ code: "NOT_CSV" });
  });
});

describe("the header and the file as a whole", () => {
  it("needs the required columns, in any order and spelling of case", () => {
    const rows = rowsOf(parseProvisioningCsv(`Running Mode,BUNDLE_ID,user-name,directory_id\nALWAYS_ON,${BUNDLE},alice,${DIR}\n`));
    expect(rows[0]).toMatchObject({ userName: "alice", runningMode: "ALWAYS_ON", autoStopTimeoutMinutes: null, problems: [] });

    const missing = parseProvisioningCsv(`user_name,directory_id\nalice,${DIR}\n`);
    expect(missing).toMatchObject({ ok: false, code: "BAD_HEADER" });
    expect(!missing.ok && missing.message).toMatch(/lacks the columns bundle_id, running_mode/);
  });

  it("recognises a file without a header, one separated by semicolons, and repeated columns", () => {
    const noHeader = parseProvisioningCsv(`alice,${DIR},${BUNDLE},AUTO_STOP,1,\n`);
    expect(noHeader).toMatchObject({ ok: false, code: "BAD_HEADER", message: expect.stringMatching(/^Line 1 must be the header/) });
    const semicolons = parseProvisioningCsv(`user_name;directory_id;bundle_id;running_mode\nalice;${DIR};${BUNDLE};AUTO_STOP\n`);
    expect(semicolons).toMatchObject({ ok: false, code: "BAD_HEADER", message: expect.stringMatching(/semicolons/) });
    const twice = parseProvisioningCsv(`user_name,directory_id,bundle_id,running_mode,user_name\n`);
    expect(twice).toMatchObject({ ok: false, code: "BAD_HEADER", message: expect.stringMatching(/user_name more than once/) });
  });

  it("refuses a file with no rows, or more rows than the limit", () => {
    expect(parseProvisioningCsv("")).toMatchObject({ ok: false, code: "EMPTY" });
    expect(parseProvisioningCsv(`${HEADER}\n\n,,,,,\n`)).toMatchObject({ ok: false, code: "NO_ROWS" });
    const row = `u,${DIR},${BUNDLE},AUTO_STOP,1,`;
    expect(parseProvisioningCsv(csv(...Array.from({ length: MAX_ROWS }, (_, i) => row.replace("u", `u${i}`))))).toMatchObject({ ok: true });
    const tooMany = parseProvisioningCsv(csv(...Array.from({ length: MAX_ROWS + 1 }, (_, i) => row.replace("u", `u${i}`))));
    expect(tooMany).toMatchObject({ ok: false, code: "TOO_MANY_ROWS", message: expect.stringMatching(/5,001 rows; the limit is 5,000/) });
  });

  it("ignores unknown columns with a warning", () => {
    const result = parseProvisioningCsv(`${HEADER},notes\nalice,${DIR},${BUNDLE},AUTO_STOP,1,,hello\n`);
    expect(result).toMatchObject({ ok: true, fileWarnings: ["Column notes is not used and is ignored."] });
    expect(rowsOf(result)[0].problems).toEqual([]);
  });
});

describe("line numbers", () => {
  it("are the file's physical lines: comments, blank lines, CRLF and quoted line breaks counted", () => {
    const text = [
      "# a comment",
      HEADER,
      `alice,${DIR},${BUNDLE},AUTO_STOP,1,`,
      "",
      "# another comment",
      `"bob",${DIR},${BUNDLE},ALWAYS_ON,,"Note=a`,
      `b"`,
      `carol,${DIR},${BUNDLE},BAD,,`,
    ].join("\r\n");
    const rows = rowsOf(parseProvisioningCsv(text));
    expect(rows.map((r) => [r.userName, r.line])).toEqual([
      ["alice", 3],
      ["bob", 6],
      ["carol", 8],
    ]);
    expect(messages(rows[1])).toEqual([expect.stringMatching(/value of tag "Note" may contain only/)]);
    expect(messages(rows[2])).toEqual(['"BAD" is not a running mode: AUTO_STOP or ALWAYS_ON.']);
  });

  it("reports an unclosed quote on the line where the row starts", () => {
    const rows = rowsOf(parseProvisioningCsv(csv(`alice,${DIR},${BUNDLE},AUTO_STOP,1,`, `"bob,${DIR},${BUNDLE},AUTO_STOP,1,`)));
    expect(rows[1].line).toBe(3);
    expect(messages(rows[1])).toContain('A quoted value is not closed (a " is missing).');
  });
});

describe("values", () => {
  const one = (line: string) => rowsOf(parseProvisioningCsv(csv(line)))[0];

  it("parses a valid row; AUTO_STOP without a timeout gets 1 hour; the console's spelling of modes is accepted", () => {
    expect(one(`alice,${DIR},${BUNDLE},AUTO_STOP,,CostCenter=1; Dept = Finance ;`)).toMatchObject({
      userName: "alice",
      directoryId: DIR,
      bundleId: BUNDLE,
      runningMode: "AUTO_STOP",
      autoStopTimeoutMinutes: 60,
      tags: { CostCenter: "1", Dept: "Finance" },
      problems: [],
    });
    expect(one(`alice,${DIR},${BUNDLE},AutoStop,48,`)).toMatchObject({ runningMode: "AUTO_STOP", autoStopTimeoutMinutes: 48 * 60, problems: [] });
    expect(one(`alice,${DIR},${BUNDLE},always on,,`)).toMatchObject({ runningMode: "ALWAYS_ON", problems: [] });
  });

  it.each([
    ["", "The user name is missing."],
    ["a".repeat(64), "The user name is longer than 63 characters."],
    ["bad;name", '"bad;name" is not a valid directory user name'],
  ])("user name %j", (name, message) => {
    const row = one(`${name},${DIR},${BUNDLE},AUTO_STOP,1,`);
    expect(row.problems[0]).toMatchObject({ severity: "error", column: "user_name", message: expect.stringContaining(message) });
  });

  it.each([
    [`alice,,${BUNDLE},AUTO_STOP,1,`, "directory_id", "The directory id is missing."],
    [`alice,corp.example.com,${BUNDLE},AUTO_STOP,1,`, "directory_id", '"corp.example.com" is not a directory id'],
    [`alice,${DIR},,AUTO_STOP,1,`, "bundle_id", "The bundle id is missing."],
    [`alice,${DIR},Standard Windows,AUTO_STOP,1,`, "bundle_id", '"Standard Windows" is not a bundle id'],
    [`alice,${DIR},${BUNDLE},,,`, "running_mode", "The running mode is missing"],
    [`alice,${DIR},${BUNDLE},MANUAL,,`, "running_mode", '"MANUAL" is not a running mode'],
    [`alice,${DIR},${BUNDLE},AUTO_STOP,1.5,`, "autostop_timeout_hours", "must be a whole number of hours, not 1.5"],
    [`alice,${DIR},${BUNDLE},AUTO_STOP,0,`, "autostop_timeout_hours", "between 1 and 48 hours, not 0"],
    [`alice,${DIR},${BUNDLE},AUTO_STOP,49,`, "autostop_timeout_hours", "between 1 and 48 hours, not 49"],
    [`alice,${DIR},${BUNDLE},AUTO_STOP,two,`, "autostop_timeout_hours", '"two" is not a number of hours'],
    [`alice,${DIR},${BUNDLE},ALWAYS_ON,2,`, "autostop_timeout_hours", "AlwaysOn desktops have no AutoStop timeout"],
  ])("%s → %s", (line, column, message) => {
    const row = one(line);
    expect(hasErrors(row)).toBe(true);
    expect(row.problems).toEqual([{ severity: "error", column, message: expect.stringContaining(message) }]);
  });

  it("refuses a row with more values than the header (an unquoted comma)", () => {
    const row = one(`alice,${DIR},${BUNDLE},AUTO_STOP,1,a=1,b=2`);
    expect(messages(row)).toContain('The row has 7 values but the header has 6 columns. Quote values that contain commas; separate tags with ";".');
  });

  it("treats a short row's missing optional cells as empty", () => {
    expect(one(`alice,${DIR},${BUNDLE},ALWAYS_ON`)).toMatchObject({ runningMode: "ALWAYS_ON", tags: {}, problems: [] });
  });
});

describe("tags", () => {
  it.each([
    ["Team", 'Tag "Team" has no "="'],
    ["=x", 'Tag "=x" has no key.'],
    ["aws:owner=me", "reserved by AWS"],
    ["AWS:owner=me", "reserved by AWS"],
    ["portal:request-id=x", "reserved by the portal"],
    ["Team#1=x", 'Tag key "Team#1" may contain only'],
    ["Team=a!b", 'The value of tag "Team" may contain only'],
    [`${"k".repeat(128)}=v`, "longer than 127 characters"],
    [`k=${"v".repeat(256)}`, "longer than 255 characters"],
    ["a=1;a=2", 'Tag "a" is given more than once.'],
  ])("%j is refused", (text, message) => {
    expect(parseTags(text).errors).toEqual([expect.stringContaining(message)]);
  });

  it("allows values containing = and AWS's punctuation, and at most 47 tags", () => {
    expect(parseTags("url=a=b;path=/x/y:z+w-v@q_r.s")).toEqual({ tags: { url: "a=b", path: "/x/y:z+w-v@q_r.s" }, errors: [] });
    const many = (n: number) => Array.from({ length: n }, (_, i) => `k${i}=v`).join(";");
    expect(parseTags(many(47)).errors).toEqual([]);
    expect(parseTags(many(48)).errors).toEqual([expect.stringContaining("At most 47 tags")]);
  });
});

describe("duplicates", () => {
  it("marks a repeated row and a second row for the same user in the same directory (any case)", () => {
    const rows = rowsOf(
      parseProvisioningCsv(
        csv(
          `alice,${DIR},${BUNDLE},AUTO_STOP,1,`,
          `bob,${DIR},${BUNDLE},AUTO_STOP,1,`,
          `alice,${DIR},${BUNDLE},AUTO_STOP,1,`,
          `Bob,${DIR},wsb-f8dj8akz1,ALWAYS_ON,,`,
          `bob,d-9067000002,${BUNDLE},AUTO_STOP,1,`,
        ),
      ),
    );
    expect(rows.map((r) => messages(r))).toEqual([
      [],
      [],
      ["Duplicate of line 2."],
      ["Bob already has a row for this directory on line 3 (one desktop per user and directory)."],
      [],
    ]);
  });
});

describe("the template", () => {
  it("is itself a valid file with two example rows", () => {
    const text = provisioningTemplateCsv({ directoryId: DIR, bundleId: BUNDLE });
    const rows = rowsOf(readProvisioningCsv(utf8(text)));
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.problems.length === 0)).toBe(true);
    expect(rows[0]).toMatchObject({ line: 8, runningMode: "AUTO_STOP", autoStopTimeoutMinutes: 120, tags: { CostCenter: "1234", Department: "Finance" } });
  });
});
