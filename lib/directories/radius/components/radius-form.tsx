"use client";
import { useRouter } from "next/navigation";
import { Button } from "@/components/button";
import { Field, inputClass } from "@/components/field";
import { ActionMessage } from "@/components/action-message";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { useQueuedChange } from "../../components/use-queued-change";
import { disableRadius, saveRadiusSettings } from "../actions";

type Current = { servers: string[]; port?: number; timeoutSeconds?: number; retries?: number; protocol?: string; displayLabel?: string; useSameUsername?: boolean } | null;

const PROTOCOLS = ["PAP", "CHAP", "MS-CHAPv1", "MS-CHAPv2"] as const;

/** Turn on (or change) RADIUS MFA: the shared secret is asked every time, as AWS never returns it. */
export function RadiusForm({ directoryId, current, disabled }: { directoryId: string; current: Current; disabled: boolean }) {
  const { run, pending, message, fieldErrors, queued } = useQueuedChange();
  const text = (id: string, label: string, value: string | number | undefined, extra: React.InputHTMLAttributes<HTMLInputElement> = {}, hint?: string) => (
    <Field id={`radius-${id}`} label={label} hint={hint} error={fieldErrors[id]}>
      <input
        id={`radius-${id}`}
        name={id}
        defaultValue={value}
        className={inputClass}
        aria-invalid={Boolean(fieldErrors[id])}
        aria-describedby={fieldErrors[id] ? `radius-${id}-error` : hint ? `radius-${id}-hint` : undefined}
        {...extra}
      />
    </Field>
  );
  return (
    <form
      noValidate
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const input = Object.fromEntries(new FormData(form));
        // The secret leaves the browser once; the field is emptied whatever the answer.
        (form.elements.namedItem("sharedSecret") as HTMLInputElement).value = "";
        run(() => saveRadiusSettings({ ...input, directoryId }), queued);
      }}
    >
      {text("servers", "RADIUS servers", current?.servers.join(", "), {}, "IPv4 addresses or host names, separated by commas.")}
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
        {text("port", "Port", current?.port ?? 1812, { inputMode: "numeric" })}
        {text("timeoutSeconds", "Timeout (seconds)", current?.timeoutSeconds ?? 5, { inputMode: "numeric" })}
        {text("retries", "Retries", current?.retries ?? 4, { inputMode: "numeric" })}
      </div>
      <Field id="radius-protocol" label="Protocol" error={fieldErrors.protocol}>
        <select id="radius-protocol" name="protocol" defaultValue={current?.protocol ?? "PAP"} className={inputClass}>
          {PROTOCOLS.map((p) => (
            <option key={p}>{p}</option>
          ))}
        </select>
      </Field>
      {text("displayLabel", "Display label (optional)", current?.displayLabel, {}, "Shown to users in the WorkSpaces client, e.g. Token code.")}
      {text("sharedSecret", "Shared secret", undefined, { type: "password", autoComplete: "new-password" }, current ? "AWS never returns the secret: enter it again to change any setting." : "8 to 512 characters.")}
      <label className="flex min-h-11 items-center gap-2 text-sm sm:min-h-0">
        <input type="checkbox" name="useSameUsername" defaultChecked={current?.useSameUsername ?? true} className="size-4 rounded border-slate-300" />
        Users sign in to RADIUS with their directory user name
      </label>
      <Button type="submit" pending={pending} disabled={disabled}>
        {current ? "Update RADIUS MFA" : "Turn on RADIUS MFA"}
      </Button>
      <ActionMessage message={message} />
    </form>
  );
}

export function DisableRadiusButton({ directoryId, disabled }: { directoryId: string; disabled: boolean }) {
  const router = useRouter();
  return (
    <ConfirmDialog
      triggerLabel="Turn off RADIUS MFA"
      title="Turn off RADIUS MFA?"
      confirmLabel="Turn off"
      disabled={disabled}
      onConfirm={async () => {
        const result = await disableRadius({ directoryId });
        if (result.ok) router.refresh();
        return result;
      }}
    >
      Users then sign in to their desktops with their password only. To turn it on again you need the shared secret.
    </ConfirmDialog>
  );
}
