import { describe, expect, it } from "vitest";
import { parseUsersCsv, previewRow, readUsersCsv } from "./users-csv";

describe("a CSV of new directory users", () => {
  it("reads good rows and says what is wrong with each bad one, by line", () => {
    const result = parseUsersCsv(
      [
        "user_name,first_name,last_name,email,password,must_change_password",
        "ann.lee,Ann,Lee,ann@example.com,Initial-Pass-2468,yes",
        "bob,Bob,,not-an-email,short,maybe",
        "ANN.LEE,Ann,Again,,Initial-Pass-2468,",
        "",
        "cy,Cy,Young,,Initial-Pass-2468,no",
      ].join("\n"),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.rows.map((r) => [r.line, r.userName, r.problems])).toEqual([
      [2, "ann.lee", []],
      [3, "bob", ["must_change_password must be yes or no (empty is no).", "Enter the last name.", "Enter an email address like ann@example.com, or leave it empty.", "The password must have 8 to 128 characters."]],
      [4, "ANN.LEE", ["The user name ANN.LEE is already on line 2."]],
      [6, "cy", []],
    ]);
    expect(result.rows[0]).toMatchObject({ givenName: "Ann", surname: "Lee", email: "ann@example.com", mustChangePassword: true });
    expect(previewRow(result.rows[0])).not.toHaveProperty("password");
  });

  it("refuses a file without the needed columns, or an Excel workbook, before any row", () => {
    expect(parseUsersCsv("user_name,first_name\nx,y\n")).toEqual({
      ok: false,
      code: "BAD_HEADER",
      message: "The header on line 1 lacks the columns last_name, password. Expected: user_name,first_name,last_name,email,password,must_change_password.",
    });
    expect(readUsersCsv(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2]))).toMatchObject({ ok: false, code: "NOT_CSV" });
  });
});
