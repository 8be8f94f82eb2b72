"use client";
import { Button } from "@/components/button";
import { Alert } from "@/components/alert";
import { useActionForm } from "@/components/use-action-form";
import { retryCleanUpStep } from "../actions";

export function RetryCleanUpButton({ operationId }: { operationId: string }) {
  const { run, pending, message } = useActionForm();
  return (
    <div className="space-y-2">
      {message && <Alert tone={message.tone === "error" ? "error" : "success"}>{message.text}</Alert>}
      <Button type="button" pending={pending} onClick={() => run(() => retryCleanUpStep({ operationId }), () => "Queued again.")}>
        Retry the failed step
      </Button>
    </div>
  );
}
