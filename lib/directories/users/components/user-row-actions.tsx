"use client";
import { useId, useRef } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Field, inputClass } from "@/components/field";
import { ActionMessage } from "@/components/action-message";
import { useActionForm } from "@/components/use-action-form";
import { resetDirectoryUserPasswordAction, setDirectoryUserEnabledAction } from "../actions";

/** Reset a password (a small form that opens in place) and disable (asks first) or enable. */
export function UserRowActions({ directoryId, userName, enabled, busy }: { directoryId: string; userName: string; enabled: boolean; busy: boolean }) {
  const router = useRouter();
  const id = useId();
  const details = useRef<HTMLDetailsElement>(null);
  const reset = useActionForm();
  const toggle = useActionForm();
  const busyReason = `A change to ${userName} is still being applied.`;
  return (
    <div className="flex flex-wrap items-start gap-2">
      <details ref={details} className="group">
        <summary className="cursor-pointer rounded-md px-2 py-1.5 text-sm font-medium text-indigo-700 underline">Reset password<span className="sr-only"> of {userName}</span></summary>
        <form
          className="mt-2 w-64 space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            const input = e.currentTarget;
            const password = String(new FormData(input).get("password") ?? "");
            reset.run(
              () => resetDirectoryUserPasswordAction({ directoryId, userName, password }),
              () => {
                input.reset();
                details.current?.removeAttribute("open");
                router.refresh();
                return `The password of ${userName} will be reset in a moment.`;
              },
            );
          }}
        >
          <Field id={`${id}-pw`} label={`New password for ${userName}`} error={reset.fieldErrors.password}>
            <input
              id={`${id}-pw`}
              name="password"
              type="password"
              autoComplete="new-password"
              required
              className={inputClass}
              aria-invalid={reset.fieldErrors.password ? true : undefined}
              aria-describedby={reset.fieldErrors.password ? `${id}-pw-error` : undefined}
            />
          </Field>
          <Button type="submit" pending={reset.pending} disabled={busy} title={busy ? busyReason : undefined}>
            Set password
          </Button>
        </form>
      </details>
      {enabled ? (
        <ConfirmDialog
          triggerLabel={<>Disable<span className="sr-only"> {userName}</span></>}
          title={`Disable ${userName}?`}
          confirmLabel="Disable user"
          disabled={busy}
          disabledReason={busyReason}
          onConfirm={async () => {
            const result = await setDirectoryUserEnabledAction({ directoryId, userName, enabled: false });
            if (result.ok) router.refresh();
            return result;
          }}
        >
          {userName} will not be able to sign in to their desktop or this portal until the account is enabled again. Their desktop is kept.
        </ConfirmDialog>
      ) : (
        <Button
          type="button"
          variant="secondary"
          pending={toggle.pending}
          disabled={busy}
          title={busy ? busyReason : undefined}
          onClick={() =>
            toggle.run(() => setDirectoryUserEnabledAction({ directoryId, userName, enabled: true }), () => {
              router.refresh();
              return `${userName} will be enabled in a moment.`;
            })
          }
        >
          Enable<span className="sr-only"> {userName}</span>
        </Button>
      )}
      <div className="basis-full">
        <ActionMessage message={reset.message} />
        <ActionMessage message={toggle.message} />
      </div>
    </div>
  );
}
