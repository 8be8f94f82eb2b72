// TOTP (RFC 6238: SHA-1, 6 digits, 30-second steps, what every authenticator app does) and the
// one-time recovery codes. Pure functions: the database rules (replay, rate limit) are in mutations.ts.
import { createHash, randomInt } from "node:crypto";
import { Secret, TOTP } from "otpauth";

export const TOTP_PERIOD_SECONDS = 30;
export const RECOVERY_CODE_COUNT = 10;
const ISSUER = "WorkSpaces Portal";

/** A new random secret (160 bits, as RFC 4226 recommends), in base32 as the apps show it. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secretBase32: string, label = "") {
  return new TOTP({ issuer: ISSUER, label, secret: Secret.fromBase32(secretBase32), algorithm: "SHA1", digits: 6, period: TOTP_PERIOD_SECONDS });
}

/** The otpauth:// address a QR code carries to the app. */
export function otpauthUri(secretBase32: string, accountEmail: string): string {
  return totp(secretBase32, accountEmail).toString();
}

export function timeStep(now: Date): number {
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

/**
 * The time step a 6-digit code belongs to, or null when it is wrong. One step either side is
 * accepted (a phone's clock a little off, a code typed as it changes).
 */
export function totpStepOf(secretBase32: string, code: string, now: Date): number | null {
  const delta = totp(secretBase32).validate({ token: code, timestamp: now.getTime(), window: 1 });
  return delta === null ? null : timeStep(now) + delta;
}

/** The code for a moment (tests and the demo's sign-in helper compute codes the same way). */
export function totpCode(secretBase32: string, now: Date): string {
  return totp(secretBase32).generate({ timestamp: now.getTime() });
}

// No 0/O or 1/I/L: codes are read off paper and typed.
const RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/** Ten codes of 16 characters (about 79 random bits each), shown as xxxx-xxxx-xxxx-xxxx. */
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from({ length: 16 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join("");
    return chars.match(/.{4}/g)!.join("-");
  });
}

/** What a typed recovery code is compared as: capitals, no spaces or dashes. */
export function normaliseRecoveryCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, "");
}

/**
 * Stored form of a recovery code. A plain SHA-256 suffices: each code has ~79 random bits, so
 * there is nothing to guess from the hash (a slow hash protects low-entropy passwords).
 */
export function hashRecoveryCode(code: string): string {
  return createHash("sha256").update(normaliseRecoveryCode(code)).digest("hex");
}

export function looksLikeTotpCode(code: string): boolean {
  return /^\d{6}$/.test(code.replace(/\s/g, ""));
}
