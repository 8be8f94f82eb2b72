"use client";
import { useId, useRef, useState, useTransition } from "react";
import { Button, type ButtonVariant } from "./button";
import { inputClass } from "./field";

type Result = { ok: true } | { ok: false; message: string };

// A destructive or costly action asks first. With `confirmText`, the user must type it
// (e.g. the desktop's user name before terminating), as the AWS console does.
export function ConfirmDialog({
  triggerLabel,
  title,
  children,
  confirmLabel,
  confirmText,
  variant = "danger",
  disabled,
  disabledReason,
  onConfirm,
}: {
  triggerLabel: React.ReactNode;
  title: string;
  children: React.ReactNode;
  confirmLabel: string;
  confirmText?: string;
  variant?: ButtonVariant;
  disabled?: boolean;
  disabledReason?: string;
  onConfirm: () => Promise<Result>;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const id = useId();

  const close = () => {
    dialog.current?.close();
    setTyped("");
    setError(null);
  };

  return (
    <>
      <Button
        type="button"
        variant={variant === "danger" ? "secondary" : variant}
        disabled={disabled}
        title={disabled ? disabledReason : undefined}
        aria-describedby={disabled && disabledReason ? `${id}-why` : undefined}
        onClick={() => dialog.current?.showModal()}
      >
        {triggerLabel}
      </Button>
      {disabled && disabledReason && (
        <span id={`${id}-why`} className="sr-only">
          {disabledReason}
        </span>
      )}
      <dialog
        ref={dialog}
        aria-labelledby={`${id}-title`}
        className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40"
        onClose={() => {
          setTyped("");
          setError(null);
        }}
      >
        <form
          className="space-y-4 p-6"
          onSubmit={(e) => {
            e.preventDefault();
            startTransition(async () => {
              const result = await onConfirm();
              if (result.ok) close();
              else setError(result.message);
            });
          }}
        >
          <h2 id={`${id}-title`} className="text-lg font-semibold">
            {title}
          </h2>
          <div className="text-sm text-slate-700">{children}</div>
          {confirmText && (
            <div className="space-y-1">
              <label htmlFor={`${id}-confirm`} className="block text-sm font-medium">
                Type <strong className="font-mono">{confirmText}</strong> to confirm
              </label>
              <input
                id={`${id}-confirm`}
                className={inputClass}
                value={typed}
                onChange={(e) => setTyped(e.target.value)}
                autoComplete="off"
                autoFocus
              />
            </div>
          )}
          {error && (
            <p role="alert" className="text-sm font-medium text-red-700">
              {error}
            </p>
          )}
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" variant={variant} pending={pending} disabled={confirmText !== undefined && typed !== confirmText}>
              {confirmLabel}
            </Button>
          </div>
        </form>
      </dialog>
    </>
  );
}
