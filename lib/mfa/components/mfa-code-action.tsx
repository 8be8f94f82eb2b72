"use client";
import { Button } from "@/components/button";
import { Alert } from "@/components/alert";
import { ErrorSummary } from "@/components/error-summary";
import { useActionForm } from "@/components/use-action-form";
import { useMemo, useState } from "react";
import { newRecoveryCodes, turnOffMfa } from "../actions";
import { CodeField } from "./code-field";
import { RecoveryCodes } from "./recovery-codes";

/** A change to one's own two-step verification, confirmed with a current code. */
export function MfaCodeAction({ kind }: { kind: "turn-off" | "new-codes" }) {
  const { run, pending, fieldErrors, message } = useActionForm();
  const [codes, setCodes] = useState<string[] | null>(null);
  const id = `${kind}-code`;
  const errors = useMemo<Record<string, string>>(
    () => (message?.tone === "error" ? { [id]: message.text } : fieldErrors.code ? { [id]: fieldErrors.code } : {}),
    [message, fieldErrors, id],
  );
  if (codes) return <RecoveryCodes codes={codes} />;
  const turnOff = kind === "turn-off";
  return (
    <form
      noValidate
      className="space-y-3"
      aria-label={turnOff ? "Turn off two-step verification" : "New recovery codes"}
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        if (turnOff) run(() => turnOffMfa(data), () => "Two-step verification is off.");
        else run(() => newRecoveryCodes(data), (result) => void setCodes(result.recoveryCodes));
      }}
    >
      {message?.tone === "ok" && <Alert tone="success">{message.text}</Alert>}
      <ErrorSummary errors={errors} order={[id]} />
      <CodeField id={id} label="Authentication code" hint="The 6-digit code your authenticator app shows now, or a recovery code." error={errors[id]} recovery />
      <Button type="submit" variant={turnOff ? "danger" : "secondary"} pending={pending}>
        {turnOff ? "Turn off two-step verification" : "Make new recovery codes"}
      </Button>
    </form>
  );
}
