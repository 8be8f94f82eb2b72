"use client";
import { useRef } from "react";
import { Button } from "@/components/button";
import { Field, inputClass } from "@/components/field";
import { useActionForm } from "@/components/use-action-form";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/password-rules";
import { changeOwnPassword } from "../actions";
import { FormMessageLine } from "./form-message";

const FIELDS = [
  { name: "currentPassword", label: "Current password", autoComplete: "current-password", hint: undefined },
  { name: "password", label: "New password", autoComplete: "new-password", hint: `At least ${PASSWORD_MIN_LENGTH} characters. A few words in a row are easy to remember and hard to guess.` },
  { name: "confirm", label: "New password again", autoComplete: "new-password", hint: undefined },
] as const;

export function ChangePasswordForm() {
  const form = useRef<HTMLFormElement>(null);
  const { run, pending, fieldErrors: errors, message } = useActionForm();
  return (
    <form
      ref={form}
      noValidate
      aria-label="Change your password"
      className="max-w-md space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        const data = Object.fromEntries(new FormData(e.currentTarget));
        run(
          () => changeOwnPassword(data),
          () => {
            form.current?.reset();
            return "Password changed. Use the new one from your next sign-in.";
          },
        );
      }}
    >
      {FIELDS.map((f) => (
        <Field key={f.name} id={f.name} label={f.label} hint={f.hint} error={errors[f.name]}>
          <input
            id={f.name}
            name={f.name}
            type="password"
            autoComplete={f.autoComplete}
            aria-invalid={Boolean(errors[f.name]) || undefined}
            aria-describedby={errors[f.name] ? `${f.name}-error` : f.hint ? `${f.name}-hint` : undefined}
            className={inputClass}
          />
        </Field>
      ))}
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" pending={pending}>
          Change password
        </Button>
        <FormMessageLine message={message} />
      </div>
    </form>
  );
}
