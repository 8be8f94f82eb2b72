import bcrypt from "bcryptjs";

// Cost 12: about a quarter of a second per hash on these machines, which is what
// makes an offline guess at a stolen hash expensive. Raising it re-hashes nothing:
// old hashes keep their own cost.
export const PASSWORD_HASH_COST = 12;

// bcrypt reads only the first 72 bytes; a longer password would be silently
// shortened, so hashing refuses it instead of pretending to protect the rest.
export const PASSWORD_MAX_BYTES = 72;

export class PasswordTooLongError extends Error {
  constructor() {
    super(`Passwords may be at most ${PASSWORD_MAX_BYTES} bytes long.`);
    this.name = "PasswordTooLongError";
  }
}

export async function hashPassword(password: string): Promise<string> {
  if (password.length === 0) throw new Error("Cannot hash an empty password.");
  if (bcrypt.truncates(password)) throw new PasswordTooLongError();
  return bcrypt.hash(password, PASSWORD_HASH_COST);
}

export async function verifyPassword(password: string, passwordHash: string): Promise<boolean> {
  // A too-long password could match a hash of its first 72 bytes; refuse it outright.
  if (password.length === 0 || bcrypt.truncates(password)) return false;
  try {
    return await bcrypt.compare(password, passwordHash);
  } catch {
    // A malformed stored hash is a failed verification, never a crash of the sign-in page.
    return false;
  }
}

// A valid cost-12 hash of a random string nobody knows. Comparing against it when
// the account does not exist (or has no password) makes that attempt take as long
// as a real one, so response time does not reveal which email addresses exist.
const DUMMY_HASH = "$2b$12$nxzxOqKjlwv.kyjve3egM.blcG97t1GkSYpZnhOpssvRMZt7Mz98m";

export async function spendPasswordCheckTime(password: string): Promise<void> {
  await verifyPassword(password || "x", DUMMY_HASH);
}
