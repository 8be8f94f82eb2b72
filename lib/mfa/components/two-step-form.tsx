"use client";
import { useMemo, useState } from "react";
import { Button } from "@/components/button";
import { ErrorSummary } from "@/components/error-summary";
import { useActionForm } from "@/components/use-action-form";
import { verifyTwoStep } from "../actions";
import { CodeField } from "./code-field";

/** The second step of signing in: the app's code, or a recovery code instead. */
export function TwoStepForm({ callbackUrl }: { callbackUrl: string }) {
  const { run, pending, fieldErrors, message, reset } = useActionForm();
  const [recovery, setRecovery] = useState(false);
  // One object per answer: the summary takes focus when it changes.
  const errors = useMemo(() => (message ? { code: message.text, ...fieldErrors } : fieldErrors), [message, fieldErrors]);

  return (
    <form
      noValidate
      className="space-y-5"
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        // On success the action redirects.
        run(() => verifyTwoStep(data));
      }}
    >
      <ErrorSummary errors={errors} order={["code"]} />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <CodeField
        label={recovery ? "Recovery code" : "Authentication code"}
        hint={recovery ? "One of the recovery codes you saved when you set up two-step verification. Each works once." : "The 6-digit code your authenticator app shows now."}
        error={errors.code}
        recovery={recovery}
        autoFocus
      />
      <Button type="submit" pending={pending} className="w-full py-2.5">
        {pending ? "Checking…" : "Verify"}
      </Button>
      <button
        type="button"
        className="text-sm font-medium text-indigo-700 underline underline-offset-2"
        onClick={() => {
          reset();
          setRecovery(!recovery);
          requestAnimationFrame(() => document.getElementById("code")?.focus());
        }}
      >
        {recovery ? "Use a code from your authenticator app" : "Use a recovery code instead"}
      </button>
    </form>
  );
}
