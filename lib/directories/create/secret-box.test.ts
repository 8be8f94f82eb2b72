import { describe, expect, it } from "vitest";
import { openSecret, sealSecret } from "./secret-box";

describe("directory password secret box", () => {
  it("opens with the same auth secret, and the sealed form does not contain the password", () => {
    const sealed = sealSecret("Sup3r-Secret!", "a".repeat(40));
    expect(JSON.stringify(sealed)).not.toContain("Sup3r-Secret!");
    expect(openSecret(sealed, "a".repeat(40))).toBe("Sup3r-Secret!");
  });
  it("does not open with another auth secret or when altered", () => {
    const sealed = sealSecret("Sup3r-Secret!", "a".repeat(40));
    expect(openSecret(sealed, "b".repeat(40))).toBeNull();
    expect(openSecret({ ...sealed, data: Buffer.from("x").toString("base64") }, "a".repeat(40))).toBeNull();
  });
});
