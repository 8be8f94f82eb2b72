import { describe, expect, it } from "vitest";
import { csvCell, toCsv } from "./csv";

describe("cost CSV", () => {
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

  it("ends every line with CRLF, header first", () => {
    expect(toCsv(["a", "b"], [[1, "x"]])).toBe("a,b\r\n1,x\r\n");
  });
});
