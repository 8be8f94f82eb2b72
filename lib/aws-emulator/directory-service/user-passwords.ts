/**
 * Directory user passwords: Active Directory's complexity rule as Directory Service documents it
 * (8-64 characters from three of four classes: lowercase, uppercase, digits, symbols) plus AD's rule
 * that a password must not contain the account name, and salted scrypt hashes so the emulator can
 * check a password later (sign-in) without keeping it.
 */
import { randomBytes, scryptSync, timingSafeEqual } from "node:crypto";
import type { DirectoryUserRecord } from "../records";
import { PASSWORD_PATTERN } from "./directory-shapes";

/** Why a password is refused for this account, or undefined when AD would accept it. */
export function passwordProblem(password: string, accountName: string): string | undefined {
  if (!new RegExp(PASSWORD_PATTERN).test(password)) {
    return "The password does not meet the complexity requirements: 8-64 characters from three of lowercase letters, uppercase letters, digits and symbols.";
  }
  // Active Directory refuses a password that contains the account name (names longer than 2 characters).
  if (accountName.length > 2 && password.toLowerCase().includes(accountName.toLowerCase())) {
    return `The password must not contain the account name (${accountName}).`;
  }
  return undefined;
}

// Cheap parameters: the emulator's hashes protect test passwords on a developer's disk, not a bank.
const SCRYPT = { N: 1024, r: 8, p: 1 };

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, 32, SCRYPT);
  return `scrypt$${salt.toString("base64")}$${hash.toString("base64")}`;
}

export function verifyPassword(password: string, stored: string | undefined): boolean {
  if (!stored) return false;
  const [kind, salt, hash] = stored.split("$");
  if (kind !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64");
  const actual = scryptSync(password, Buffer.from(salt, "base64"), expected.length, SCRYPT);
  return timingSafeEqual(actual, expected);
}

/** AD's OldPasswordAllowedPeriod: the old password still signs in (network logons) this long. */
export const OLD_PASSWORD_ALLOWED_MS = 60 * 60_000;

/** The current password, or the one before it within OldPasswordAllowedPeriod (Samba and Windows AD both do this). */
export function passwordAccepted(user: DirectoryUserRecord, password: string, now: number): boolean {
  if (verifyPassword(password, user.passwordHash)) return true;
  return user.previousPasswordUntil !== undefined && now < user.previousPasswordUntil && verifyPassword(password, user.previousPasswordHash);
}

/**
 * A new password set by an administrator or by the user (ResetUserPassword, LDAP unicodePwd): AD
 * sets pwdLastSet to now, which also ends "must change at next sign-in". Callers store the user.
 */
export function setUserPassword(user: DirectoryUserRecord, password: string, now: number): void {
  if (user.passwordHash) {
    user.previousPasswordHash = user.passwordHash;
    user.previousPasswordUntil = now + OLD_PASSWORD_ALLOWED_MS;
  }
  user.passwordHash = hashPassword(password);
  user.passwordLastSetAt = now;
  delete user.mustChangePassword;
}
