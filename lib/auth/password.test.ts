import bcrypt from "bcryptjs";
import { describe, expect, it, vi } from "vitest";
import {
  hashPassword,
  PASSWORD_HASH_COST,
  PasswordTooLongError,
  spendPasswordCheckTime,
  verifyPassword,
} from "./password";

describe("hashPassword / verifyPassword", () => {
  it("hashes with bcrypt at cost 12 and verifies the right password only", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(hash).toMatch(/^\$2[aby]\$12\$/);
    expect(bcrypt.getRounds(hash)).toBe(PASSWORD_HASH_COST);
    expect(await verifyPassword("correct horse battery staple", hash)).toBe(true);
    expect(await verifyPassword("correct horse battery stapl", hash)).toBe(false);
    expect(await verifyPassword("Correct horse battery staple", hash)).toBe(false);
  });

  it("salts every hash", async () => {
    const [a, b] = await Promise.all([hashPassword("same password"), hashPassword("same password")]);
    expect(a).not.toBe(b);
    expect(await verifyPassword("same password", a)).toBe(true);
    expect(await verifyPassword("same password", b)).toBe(true);
  });

  it("handles non-ASCII passwords", async () => {
    const hash = await hashPassword("pässwörd-密码-🔑");
    expect(await verifyPassword("pässwörd-密码-🔑", hash)).toBe(true);
    expect(await verifyPassword("passwörd-密码-🔑", hash)).toBe(false);
  });

  it("refuses to hash an empty password or one longer than bcrypt reads (72 bytes)", async () => {
    await expect(hashPassword("")).rejects.toThrow();
    await expect(hashPassword("a".repeat(73))).rejects.toBeInstanceOf(PasswordTooLongError);
    // 24 three-byte characters = 72 bytes: allowed; 25 = 75 bytes: refused.
    await expect(hashPassword("€".repeat(24))).resolves.toMatch(/^\$2/);
    await expect(hashPassword("€".repeat(25))).rejects.toBeInstanceOf(PasswordTooLongError);
  });

  it("does not accept a long password that shares its first 72 bytes with the real one", async () => {
    const real = "b".repeat(72);
    const hash = await hashPassword(real);
    expect(await verifyPassword(real, hash)).toBe(true);
    expect(await verifyPassword(real + "anything", hash)).toBe(false);
  });

  it("treats an empty password or a malformed stored hash as a failed check, not a crash", async () => {
    const hash = await hashPassword("secret-1");
    expect(await verifyPassword("", hash)).toBe(false);
    expect(await verifyPassword("secret-1", "not-a-bcrypt-hash")).toBe(false);
    expect(await verifyPassword("secret-1", "")).toBe(false);
  });

  // The time itself is measured in bench/ (npm run bench -- timings); here, that the same work is done.
  it("checks an unknown account against a real hash of the same cost, so it takes as long as a real check", async () => {
    const compare = vi.spyOn(bcrypt, "compare");
    try {
      for (const attempt of ["wrong", ""]) {
        compare.mockClear();
        await spendPasswordCheckTime(attempt);
        expect(compare).toHaveBeenCalledTimes(1);
        const [password, hash] = compare.mock.calls[0] as [string, string];
        expect(password.length).toBeGreaterThan(0);
        // A well-formed hash at the same cost: a malformed one would be refused at once.
        expect(bcrypt.getRounds(hash)).toBe(PASSWORD_HASH_COST);
        await expect(compare.mock.results[0].value).resolves.toBe(false);
      }
    } finally {
      compare.mockRestore();
    }
  });
});
