"use client";
import { Button } from "@/components/button";
import { Alert } from "@/components/alert";
import { Field, inputClass } from "@/components/field";
import { useActionForm } from "@/components/use-action-form";
import { retryQuickSetupStep } from "../actions";

/** Retry the failed step; asks for the administrator password again if the directory is still to be created. */
export function RetryStepForm({ setupId, needsPassword }: { setupId: string; needsPassword: boolean }) {
  const { run, pending, fieldErrors, message } = useActionForm();
  return (
    <form
      className="space-y-3"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        run(() => retryQuickSetupStep({ setupId, password: String(form.get("password") ?? "") }), () => "Queued again: the checklist follows it.");
      }}
    >
      {needsPassword && (
        <Field id="password" label="Administrator password" hint="The portal keeps no password: enter it again for the directory." error={fieldErrors.password}>
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
