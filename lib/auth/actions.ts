"use server";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { db } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/mutations";
import { invalidInput, unexpected, type ActionFailure } from "@/lib/action-result";
import { signInWithPassword, signOutSession } from "./auth";
import { clientAddressFrom } from "./client-address";
import { signInFormSchema } from "./schema";
import { getCurrentUser } from "./session";

export type SignInFormState =
  | null
  | (Pick<ActionFailure, "message" | "fieldErrors"> & {
      ok: false;
      code: ActionFailure["code"] | "INVALID_CREDENTIALS" | "LOCKED";
      /** Echoed back so the form keeps what was typed (React resets a form after its action). */
      email: string;
    });

/** The sign-in form's action (for useActionState). Redirects on success; returns why not otherwise. */
export async function signInAction(_previous: SignInFormState, formData: FormData): Promise<SignInFormState> {
  const typedEmail = String(formData.get("email") ?? "").slice(0, 254);
  const parsed = signInFormSchema.safeParse({
    email: formData.get("email"),
    password: formData.get("password"),
    callbackUrl: formData.get("callbackUrl"),
  });
  if (!parsed.success) return { ...invalidInput(parsed.error), email: typedEmail };

  const result = await signInWithPassword({ email: parsed.data.email, password: parsed.data.password });
  if (!result.ok) return { ok: false, code: result.code, message: result.message, email: typedEmail };

  // Outside any try: redirect() works by throwing.
  redirect(parsed.data.callbackUrl);
}

/** Ends the session (a plain <form action={signOutAction}> works) and goes to the sign-in page. */
export async function signOutAction(): Promise<void> {
  const user = await getCurrentUser().catch(() => null);
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
}
