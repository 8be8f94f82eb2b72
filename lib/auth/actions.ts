"use server";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { db } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/mutations";
import { z } from "zod";
import { fail, unexpected } from "@/lib/action-result";
import { defineAction } from "./define-action";
import { getConfig } from "@/lib/config";
import { signInStepPath } from "./session";
import { signInWithPassword, signOutSession, startSsoSignIn } from "./auth";
import { clientAddressFrom } from "./client-address";
import { signInFormSchema, ssoSignInSchema } from "./schema";

/** The sign-in form's action. Redirects on success; returns why not otherwise. */
export const signIn = defineAction(signInFormSchema, "anyone", async (input) => {
  const result = await signInWithPassword({ email: input.email, password: input.password });
  if (!result.ok) return fail(result.code, result.message);
  // redirect() works by throwing; defineAction lets it through. Through the two-step page, which
  // asks for the second factor (or its set-up) when the new session needs it and otherwise sends
  // straight on, keeping where the person was going.
  redirect(signInStepPath("second-factor", input.callbackUrl));
});

/** The single sign-on button: off to the OpenID provider (a redirect), back at the callback path. */
export const signInWithSso = defineAction(ssoSignInSchema, "anyone", async (input) => {
  if (!getConfig().oidc) return fail("CONFLICT", "Single sign-on is not set up for this portal.");
  await startSsoSignIn(input.callbackUrl);
  return { ok: true };
});

/** Ends the session (a plain <form action={signOut}> works) and goes to the sign-in page. */
export const signOut = defineAction(z.object({}), "anyone", async (_input, { user }) => {
  await signOutSession();
  if (user) {
    try {
      await recordAudit(db, {
        actor: { id: user.id, email: user.email },
        action: "auth.sign_out",
        targetType: "user",
        targetId: user.id,
        outcome: "SUCCESS",
        ipAddress: clientAddressFrom(await headers()),
      });
    } catch (error) {
      // The session is already gone, which is what matters; the missing trail entry is logged.
      unexpected(error);
    }
  }
  redirect("/sign-in");
});
