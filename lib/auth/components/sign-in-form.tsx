"use client";
import { useActionState } from "react";
import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import { Field, inputClass } from "@/components/field";
import { signInAction, type SignInFormState } from "../actions";

// 16px text on phones: iOS zooms into any smaller input when it gets focus.
const signInInputClass = inputClass.replace("text-sm", "text-base sm:text-sm");

export function SignInForm({ callbackUrl, initialError }: { callbackUrl: string; initialError?: string }) {
  const [state, formAction, pending] = useActionState<SignInFormState, FormData>(signInAction, null);
  const fieldErrors = state?.fieldErrors ?? {};
  // Field problems are shown at the fields; everything else (wrong password, lockout) above the form.
  const formError = state ? (state.fieldErrors ? null : state.message) : (initialError ?? null);

  return (
    <form action={formAction} noValidate className="space-y-5" aria-describedby={formError ? "sign-in-error" : undefined}>
      {formError && (
        <div id="sign-in-error">
          <Alert tone="error">{formError}</Alert>
        </div>
      )}
      <input type="hidden" name="callbackUrl" value={callbackUrl} />

      <Field id="email" label="Email address" error={fieldErrors.email}>
        <input
          // Re-mount with what was typed: React resets a form after its action has run.
          key={`email-${state?.email ?? ""}`}
          id="email"
          name="email"
          type="email"
          inputMode="email"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          autoFocus
          defaultValue={state?.email ?? ""}
          aria-invalid={Boolean(fieldErrors.email) || undefined}
          aria-describedby={fieldErrors.email ? "email-error" : undefined}
          className={signInInputClass}
        />
      </Field>

      <Field id="password" label="Password" error={fieldErrors.password}>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={Boolean(fieldErrors.password) || undefined}
          aria-describedby={fieldErrors.password ? "password-error" : undefined}
          className={signInInputClass}
        />
      </Field>

      <Button type="submit" pending={pending} className="w-full py-2.5">
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
