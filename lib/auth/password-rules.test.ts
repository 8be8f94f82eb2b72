import { describe, expect, it } from "vitest";
import { generatePassword, passwordProblem, PASSWORD_MIN_LENGTH } from "./password-rules";

describe("passwordProblem", () => {
  it("accepts a long passphrase", () => {
    expect(passwordProblem("correct horse battery staple")).toBeNull();
  });
  it("refuses a short password, naming the minimum", () => {
    expect(passwordProblem("Sh0rt!pw")).toContain(`at least ${PASSWORD_MIN_LENGTH} characters`);
  });
  it("refuses more than bcrypt can hash (72 bytes)", () => {
    expect(passwordProblem("é".repeat(40))).toContain("at most 72 bytes");
  });
  it("refuses a repeated character and a common password", () => {
    expect(passwordProblem("aaaaaaaaaaaaaaa")).toBe("Use more different characters.");
    expect(passwordProblem("Password1234")).toContain("too common");
  });
  it("refuses the account's own e-mail name", () => {
    expect(passwordProblem("my-erin.example-secret", { email: "erin.example@corp.example.com" })).toContain("e-mail");
  });
});

describe("generatePassword", () => {
  it("makes a different acceptable password each time", () => {
    const a = generatePassword();
    expect(a).toHaveLength(24);
    expect(passwordProblem(a)).toBeNull();
    expect(generatePassword()).not.toBe(a);
  });
});
