"use client";
import Link from "next/link";
import { useState } from "react";
import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import { Field, inputClass } from "@/components/field";
import { useActionForm } from "@/components/use-action-form";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/password-rules";
import { createFirstAdmin } from "../actions";

// 16px text on phones: iOS zooms into any smaller input when it gets focus.
const fieldClass = inputClass.replace("text-sm", "text-base sm:text-sm");

const FIELDS = [
  { name: "name", label: "Your name", type: "text", autoComplete: "name", hint: undefined },
  { name: "email", label: "E-mail address", type: "email", autoComplete: "username", hint: "You sign in with it." },
  { name: "password", label: "Password", type: "password", autoComplete: "new-password", hint: `At least ${PASSWORD_MIN_LENGTH} characters. A few words in a row are easy to remember and hard to guess.` },
  { name: "confirm", label: "Password again", type: "password", autoComplete: "new-password", hint: undefined },
] as const;

export function FirstAdminForm({ token }: { token: string }) {
  const { run, pending, fieldErrors: errors, message } = useActionForm();
  const [created, setCreated] = useState(false);
  if (created) {
    return (
      <div className="space-y-4">
        <Alert tone="success">Your admin account is ready. This link no longer works.</Alert>
        <p className="text-sm text-slate-700">Sign in with it now. If the portal requires a second factor for admins, you set it up at this first sign-in.</p>
        <Link href="/sign-in" className="inline-flex w-full items-center justify-center rounded-md bg-indigo-600 px-3.5 py-2.5 text-sm font-medium text-white shadow-sm hover:bg-indigo-700">
          Sign in
        </Link>
      </div>
    );
  }
  return (
    <form
      noValidate
      aria-label="Create the first admin"
      className="space-y-5"
      onSubmit={(e) => {
        e.preventDefault();
        const data = Object.fromEntries(new FormData(e.currentTarget));
        run(
          () => createFirstAdmin({ ...data, token }),
          () => {
            setCreated(true);
          },
        );
      }}
    >
      {message && <Alert tone="error">{message.text}</Alert>}
      {FIELDS.map((f) => (
        <Field key={f.name} id={f.name} label={f.label} hint={f.hint} error={errors[f.name]}>
          <input
            id={f.name}
            name={f.name}
            type={f.type}
            autoComplete={f.autoComplete}
            autoCapitalize={f.type === "email" ? "none" : undefined}
            spellCheck={f.type === "text" ? undefined : false}
            required
            aria-invalid={Boolean(errors[f.name]) || undefined}
            aria-describedby={errors[f.name] ? `${f.name}-error` : f.hint ? `${f.name}-hint` : undefined}
            className={fieldClass}
          />
        </Field>
      ))}
      {errors.token && <Alert tone="error">{errors.token}</Alert>}
      <Button type="submit" pending={pending} className="w-full py-2.5">
        {pending ? "Creating…" : "Create admin account"}
      </Button>
    </form>
  );
}
