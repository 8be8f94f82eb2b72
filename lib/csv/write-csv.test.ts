import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { csvCell, writeCsv } from "./write-csv";

describe("writeCsv", () => {
  it("quotes separators, quotes and line breaks", () => {
    expect(csvCell('Standard, "Windows"')).toBe('"Standard, ""Windows"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell(null)).toBe("");
    expect(csvCell(35.5)).toBe("35.5");
    expect(csvCell(Number.NaN)).toBe("");
  });

  it("defuses cells a spreadsheet would run as formulas", () => {
    expect(csvCell("=HYPERLINK(\"http://x\")")).toBe('"\'=HYPERLINK(""http://x"")"');
    for (const bad of ["+1", "-1+2", "@SUM(A1)", "\tcmd"]) expect(csvCell(bad).replace(/^"/, "").startsWith("'")).toBe(true);
    // Numbers stay numbers, negative ones included.
    expect(csvCell(-3)).toBe("-3");
  });

  it("ends every line with CRLF, header first, with a byte-order mark when asked", () => {
    expect(writeCsv(["a", "b"], [[1, "x"]])).toBe("a,b\r\n1,x\r\n");
    expect(writeCsv(["a"], [["=1"]], { byteOrderMark: true })).toBe("\uFEFFa\r\n'=1\r\n");
  });

  it("is the only CSV writer: no export builds CSV another way", () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (entry.name !== "generated" && entry.name !== "node_modules") walk(full);
        } else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith(".test.ts") && full !== path.join("lib", "csv", "write-csv.ts")) {
          const source = fs.readFileSync(full, "utf8");
          if (/Papa\.unparse|function csvCell|escapeFormulae/.test(source)) offenders.push(full);
        }
      }
    };
    for (const dir of ["lib", "app"]) walk(dir);
    expect(offenders).toEqual([]);
  });
});
