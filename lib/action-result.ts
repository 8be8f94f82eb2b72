import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { log } from "@/lib/observability/logger";

// Expected failures are values, not exceptions (server action errors are hidden in production).
// The one failure type of actions and of the mutations they call.
export type FailureCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "INVALID_INPUT"
  | "NOT_FOUND"
  | "CONFLICT"
  | "UNEXPECTED"
  // Signing in: a wrong e-mail or password, or too many wrong tries.
  | "INVALID_CREDENTIALS"
  | "LOCKED"
  // Signing in: a directory account that may not (disabled, expired), or a directory out of reach.
  | "SIGN_IN_REFUSED";
export type ActionFailure = {
  ok: false;
  code: FailureCode;
  message: string;
  fieldErrors?: Record<string, string>;
};
export type ActionResult<T extends object = object> = ({ ok: true } & T) | ActionFailure;

export function fail(code: ActionFailure["code"], message: string, fieldErrors?: Record<string, string>): ActionFailure {
  return { ok: false, code, message, ...(fieldErrors ? { fieldErrors } : {}) };
}

export function invalidInput(error: z.ZodError): ActionFailure {
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_form";
    fieldErrors[key] ??= issue.message;
  }
  return fail("INVALID_INPUT", "Please correct the highlighted fields.", fieldErrors);
}

export const UNAUTHENTICATED_MESSAGE = "Your session has ended. Sign in again.";
export const signedOut = () => fail("UNAUTHENTICATED", UNAUTHENTICATED_MESSAGE);
export const conflict = (message: string) => fail("CONFLICT", message);
export const forbidden = () => fail("FORBIDDEN", "You are not allowed to do that.");
export const notFound = (what: string) => fail("NOT_FOUND", `${what} was not found.`);

// Unexpected errors are logged with an id the user can quote; the raw message never reaches them.
export function unexpected(error: unknown): ActionFailure {
  const id = randomUUID().slice(0, 8);
  log("action").error({ err: error, errorId: id }, "unexpected error");
  return fail("UNEXPECTED", `Something went wrong on our side (error id ${id}). Please try again.`);
}
