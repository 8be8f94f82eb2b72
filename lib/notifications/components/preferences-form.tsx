"use client";
import { Button } from "@/components/button";
import { useActionForm } from "@/components/use-action-form";
import { FormMessageLine } from "@/lib/users/components/form-message";
import { saveNotificationPreferences } from "../actions";

/** One checkbox per notification kind this person may receive. */
export function PreferencesForm({ kinds }: { kinds: { kind: string; label: string; on: boolean }[] }) {
  const { run, pending, message } = useActionForm();
  return (
    <form
      aria-label="Notifications"
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        const data = Object.fromEntries(new FormData(e.currentTarget));
        run(() => saveNotificationPreferences(data), () => "Saved.");
      }}
    >
      <fieldset className="space-y-2">
        <legend className="text-sm text-slate-600">E-mail me when:</legend>
        {kinds.map((k) => (
          <label key={k.kind} className="flex items-start gap-2 text-sm">
            <input type="checkbox" name={k.kind} defaultChecked={k.on} className="mt-0.5 h-4 w-4 rounded border-slate-300" />
            <span>{k.label}</span>
          </label>
        ))}
      </fieldset>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" pending={pending}>
          Save notifications
        </Button>
        <FormMessageLine message={message} />
      </div>
    </form>
  );
}
