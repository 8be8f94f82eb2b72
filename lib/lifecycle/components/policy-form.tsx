"use client";
import { useRef } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/button";
import { Field, inputClass } from "@/components/field";
import { ActionMessage } from "@/components/action-message";
import { useActionForm } from "@/components/use-action-form";
import { saveLifecyclePolicy } from "../actions";

/** A new clean-up policy; it is saved disabled, to be enabled after its dry run. */
export function PolicyForm({ directories }: { directories: { id: string; name: string }[] }) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const { run, pending, fieldErrors: errors, message } = useActionForm();
  const field = (id: string, name: string, label: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}, hint?: string) => (
    <Field id={id} label={label} error={errors[name]} hint={hint}>
      <input
        id={id}
        name={name}
        className={inputClass}
        aria-invalid={Boolean(errors[name]) || undefined}
        aria-describedby={errors[name] ? `${id}-error` : hint ? `${id}-hint` : undefined}
        {...props}
      />
    </Field>
  );
  return (
    <form
      ref={form}
      noValidate
      aria-label="New clean-up policy"
      className="grid max-w-3xl gap-3 sm:grid-cols-2"
      onSubmit={(e) => {
        e.preventDefault();
        const data = Object.fromEntries(new FormData(e.currentTarget));
        run(
          () => saveLifecyclePolicy(data),
          () => {
            form.current?.reset();
            router.refresh();
            return "Saved, not enabled yet: run its dry run first.";
          },
        );
      }}
    >
      {field("policy-name", "name", "Name", { placeholder: "Idle desktops" })}
      <Field id="policy-directory" label="Directory" error={errors.directoryId}>
        <select id="policy-directory" name="directoryId" className={inputClass} defaultValue="">
          <option value="">Every directory</option>
          {directories.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name} ({d.id})
            </option>
          ))}
        </select>
      </Field>
      {field("policy-tag-key", "tagKey", "Only desktops tagged (key)", {}, "Leave empty for every desktop.")}
      {field("policy-tag-value", "tagValue", "With the value", {}, "Leave empty for any value.")}
      {field("policy-inactive", "inactiveDays", "Unused for (days)", { inputMode: "numeric", defaultValue: "30" }, "Never used since it became available, or no connection for this long.")}
      {field("policy-stop", "stopAfterDays", "Stop it after the warning (days)", { inputMode: "numeric", defaultValue: "7" }, "AutoStop desktops only. Empty: never stop.")}
      {field("policy-terminate", "terminateAfterDays", "Terminate it after the warning (days)", { inputMode: "numeric", defaultValue: "14" }, "The grace period. Empty: never terminate.")}
      {field("policy-exempt", "exemptTagKey", "Exempt desktops tagged", { defaultValue: "LifecycleExempt" })}
      <div className="flex items-center gap-3 sm:col-span-2">
        <Button type="submit" pending={pending}>
          Save policy
        </Button>
        <ActionMessage message={message} />
      </div>
    </form>
  );
}
