"use client";
import { useState } from "react";
import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import { Field, inputClass } from "@/components/field";
import { useActionForm } from "@/components/use-action-form";
import { signIn } from "../actions";

// 16px text on phones: iOS zooms into any smaller input when it gets focus.
const signInInputClass = inputClass.replace("text-sm", "text-base sm:text-sm");

export function SignInForm({ callbackUrl, initialError }: { callbackUrl: string; initialError?: string }) {
  const { run, pending, fieldErrors, message } = useActionForm();
  const [submitted, setSubmitted] = useState(false);
  // Field problems are shown at the fields; everything else (wrong password, lockout) above the form.
  const formError = submitted ? (message?.text ?? null) : (initialError ?? null);

  return (
    <form
      noValidate
      className="space-y-5"
      aria-describedby={formError ? "sign-in-error" : undefined}
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        setSubmitted(true);
        // On success the action redirects.
        run(() => signIn(data));
      }}
    >
      {formError && (
        <div id="sign-in-error">
          <Alert tone="error">{formError}</Alert>
        </div>
      )}
      <input type="hidden" name="callbackUrl" value={callbackUrl} />

      {/* A local account's e-mail address, or a directory account: user@domain, DOMAIN\user or a plain name. */}
      <Field id="email" label="Email or directory user name" error={fieldErrors.email}>
        <input
          id="email"
          name="email"
          type="text"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          autoFocus
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
