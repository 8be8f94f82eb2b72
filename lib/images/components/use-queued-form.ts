"use client";
import type { FormEvent } from "react";
import { useRouter } from "next/navigation";
import type { ActionFailure } from "@/lib/action-result";
import { useActionForm } from "@/components/use-action-form";

/**
 * A form that queues a change: its fields (plus `extra`) go to the action as a plain object (the
 * schema coerces); on success the page is refreshed to show the queued change and `done` is said.
 */
export function useQueuedForm(
  action: (input: Record<string, string>) => Promise<{ ok: true } | ActionFailure>,
  done: string,
  options: { extra?: Record<string, string>; reset?: boolean } = {},
) {
  const router = useRouter();
  const form = useActionForm();
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const element = e.currentTarget;
    const values = Object.fromEntries([...new FormData(element).entries()].map(([k, v]) => [k, String(v)]));
    form.run(() => action({ ...values, ...options.extra }), () => {
      if (options.reset) element.reset();
      router.refresh();
      return done;
    });
  };
  return { ...form, onSubmit, err: (field: string) => form.fieldErrors[field] };
}
