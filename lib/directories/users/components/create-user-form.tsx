"use client";
import { useRef } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/button";
import { Field, inputClass } from "@/components/field";
import { ActionMessage } from "@/components/action-message";
import { useActionForm } from "@/components/use-action-form";
import { createDirectoryUserAction } from "../actions";

const FIELDS = [
  ["userName", "User name", "text", "username", "Up to 20 letters, digits, dots, dashes or underscores."],
  ["givenName", "First name", "text", "given-name", undefined],
  ["surname", "Last name", "text", "family-name", undefined],
  ["email", "Email (optional)", "email", "off", undefined],
  ["password", "Initial password", "password", "new-password", "8 or more characters from three of: lowercase, uppercase, digits, symbols. Shown to nobody after this."],
] as const;

/** One new user with an initial password; the worker creates it. */
export function CreateUserForm({ directoryId }: { directoryId: string }) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const { run, pending, fieldErrors, message } = useActionForm();
  return (
    <form
      ref={form}
      aria-labelledby="create-user"
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        const data = Object.fromEntries(new FormData(e.currentTarget));
        run(
          () => createDirectoryUserAction({ ...data, directoryId, mustChangePassword: data.mustChangePassword === "on" }),
          () => {
            form.current?.reset(); // the password leaves the page
            router.refresh();
            return `${String(data.userName).trim()} will be created in a moment.`;
          },
        );
      }}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        {FIELDS.map(([name, label, type, autoComplete, hint]) => (
          <Field key={name} id={`new-${name}`} label={label} hint={hint} error={fieldErrors[name]}>
            <input
              id={`new-${name}`}
              name={name}
              type={type}
              autoComplete={autoComplete}
              required={name !== "email"}
              className={inputClass}
              aria-invalid={fieldErrors[name] ? true : undefined}
              aria-describedby={fieldErrors[name] ? `new-${name}-error` : hint ? `new-${name}-hint` : undefined}
            />
          </Field>
        ))}
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="mustChangePassword" className="h-4 w-4" /> Must change the password at the next sign-in
      </label>
      <Button type="submit" pending={pending}>
        Create user
      </Button>
      <ActionMessage message={message} />
    </form>
  );
}
