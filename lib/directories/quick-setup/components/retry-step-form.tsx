"use client";
import { Button } from "@/components/button";
import { Alert } from "@/components/alert";
import { Field, inputClass } from "@/components/field";
import { useActionForm } from "@/components/use-action-form";
import { useState } from "react";
import { retryQuickSetupStep } from "../actions";
import type { InitialPassword } from "../initial-passwords";
import { InitialPasswords } from "./initial-passwords";

/** Retry the failed step; asks for the administrator password again if the directory or its users are still to be created. */
export function RetryStepForm({ setupId, needsPassword }: { setupId: string; needsPassword: boolean }) {
  const { run, pending, fieldErrors, message } = useActionForm();
  const [passwords, setPasswords] = useState<InitialPassword[]>([]);
  // Users still to create got new initial passwords: shown once, in place of the form.
  if (passwords.length > 0) return <InitialPasswords passwords={passwords} />;
  return (
    <form
      className="space-y-3"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        run(
          () => retryQuickSetupStep({ setupId, password: String(form.get("password") ?? "") }),
          (result) => {
            setPasswords(result.passwords);
            return "Queued again: the checklist follows it.";
          },
        );
      }}
    >
      {needsPassword && (
        <Field id="password" label="Administrator password" hint="The portal keeps no password: enter the directory's administrator password again." error={fieldErrors.password}>
          <input id="password" name="password" type="password" className={inputClass} autoComplete="new-password" aria-invalid={fieldErrors.password ? true : undefined} />
        </Field>
      )}
      {message && <Alert tone={message.tone === "error" ? "error" : "success"}>{message.text}</Alert>}
      <Button type="submit" pending={pending}>
        Retry the failed step
      </Button>
    </form>
  );
}
