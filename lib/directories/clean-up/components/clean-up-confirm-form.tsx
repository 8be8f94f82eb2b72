"use client";
import { useRouter } from "next/navigation";
import { Button } from "@/components/button";
import { Alert } from "@/components/alert";
import { Field, inputClass } from "@/components/field";
import { useActionForm } from "@/components/use-action-form";
import { startCleanUp } from "../actions";

/** Removing a directory cannot be undone: the admin types its name to confirm. */
export function CleanUpConfirmForm({ directoryId, name }: { directoryId: string; name: string }) {
  const router = useRouter();
  const { run, pending, fieldErrors, message } = useActionForm();
  return (
    <form
      className="space-y-3"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        run(
          () => startCleanUp({ directoryId, confirmName: String(form.get("confirmName") ?? "") }),
          (result) => void router.push(`/admin/directories/clean-up/${result.operationId}`),
        );
      }}
    >
      <Field id="confirmName" label={`Type ${name} to confirm`} hint="This cannot be undone." error={fieldErrors.confirmName}>
        <input
          id="confirmName"
          name="confirmName"
          className={inputClass}
          autoComplete="off"
          aria-invalid={fieldErrors.confirmName ? true : undefined}
          aria-describedby={fieldErrors.confirmName ? "confirmName-error" : "confirmName-hint"}
        />
      </Field>
      {message && <Alert tone={message.tone === "error" ? "error" : "success"}>{message.text}</Alert>}
      <Button type="submit" variant="danger" pending={pending}>
        Clean up
      </Button>
    </form>
  );
}
