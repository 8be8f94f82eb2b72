"use client";
import { useState, useTransition } from "react";
import type { ActionFailure } from "@/lib/action-result";

export type FormMessage = { tone: "ok" | "error"; text: string };
type Outcome = { ok: true } | ActionFailure;

/**
 * Pending state, field errors and a message for a form or button that calls a server action.
 * A failure with field errors shows them at the fields; any other failure becomes the message.
 *
 *   const { run, pending, fieldErrors, message } = useActionForm();
 *   run(() => savePrice(data), (result) => "Saved.");
 */
export function useActionForm() {
  const [pending, startTransition] = useTransition();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<FormMessage | null>(null);

  /** Calls the action; on success `onSuccess` may return the message to show. */
  const run = <R extends Outcome>(call: () => Promise<R>, onSuccess?: (result: Extract<R, { ok: true }>) => string | void) =>
    startTransition(async () => {
      const result = await call();
      if (!result.ok) {
        setFieldErrors(result.fieldErrors ?? {});
        setMessage(result.fieldErrors ? null : { tone: "error", text: result.message });
        return;
      }
      setFieldErrors({});
      const text = onSuccess?.(result as Extract<R, { ok: true }>);
      setMessage(text ? { tone: "ok", text } : null);
    });

  const reset = () => {
    setFieldErrors({});
    setMessage(null);
  };

  return { run, pending, fieldErrors, message, setMessage, reset };
}
