"use server";
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { toString as qrCodeSvg } from "qrcode";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { getConfig } from "@/lib/config";
import { fail } from "@/lib/action-result";
import { defineAction } from "@/lib/auth/define-action";
import { clientAddressFrom } from "@/lib/auth/client-address";
import { mfaCodeSchema, twoStepSchema } from "./schema";
import { confirmEnrolment, disableMfa, regenerateRecoveryCodes, startEnrolment, verifySecondFactor } from "./mutations";

const ipAddress = async () => clientAddressFrom(await headers());

/** The second step of signing in. Redirects on success; a session already complete just goes on. */
export const verifyTwoStep = defineAction(twoStepSchema, { signingIn: ["second-factor", "complete"] }, async (input, { user, session }) => {
  if (session.stage === "second-factor") {
    const context = { ipAddress: await ipAddress() };
    const result = await db.$transaction((tx) => verifySecondFactor(tx, { user, sessionId: session.id, sessionAmr: session.amr, code: input.code }, context));
    if (!result.ok) return result;
  }
  redirect(input.callbackUrl);
});

/** A new authenticator secret and its QR code (an SVG image), not in force until confirmed. */
export const startMfaSetup = defineAction(z.object({}), { signingIn: ["enrol-mfa", "complete"] }, async (_input, { user }) => {
  const result = await db.$transaction((tx) => startEnrolment(tx, user));
  if (!result.ok) return result;
  const qrSvg = await qrCodeSvg(result.otpauthUri, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return { ok: true as const, secret: result.secret, otpauthUri: result.otpauthUri, qrSvg };
});

/** The first code from the new app turns two-step verification on; returns the recovery codes (shown once). */
export const confirmMfaSetup = defineAction(mfaCodeSchema, { signingIn: ["enrol-mfa", "complete"] }, async (input, { user, session }) => {
  const context = { ipAddress: await ipAddress() };
  // No revalidation: a refresh of the set-up page would move on before the recovery codes are read
  // (the form shows them, then links on).
  return db.$transaction((tx) => confirmEnrolment(tx, { user, sessionId: session.id, sessionAmr: session.amr, code: input.code }, context));
});

/** Turns one's own two-step verification off (not where one's role requires it), with a current code. */
export const turnOffMfa = defineAction(mfaCodeSchema, { signingIn: ["complete"] }, async (input, { user, session }) => {
  if (getConfig().mfaRequiredRoles.includes(user.role)) {
    return fail("CONFLICT", "Your role requires two-step verification, so it cannot be turned off. If you lost your phone, ask an administrator to reset it.");
  }
  const context = { ipAddress: await ipAddress() };
  const result = await db.$transaction((tx) => disableMfa(tx, { user, sessionId: session.id, code: input.code }, context));
  if (result.ok) revalidatePath("/account");
  return result;
});

/** New recovery codes (the old ones stop working), with a current code. */
export const newRecoveryCodes = defineAction(mfaCodeSchema, { signingIn: ["complete"] }, async (input, { user }) => {
  const context = { ipAddress: await ipAddress() };
  const result = await db.$transaction((tx) => regenerateRecoveryCodes(tx, { user, code: input.code }, context));
  if (result.ok) revalidatePath("/account");
  return result;
});
