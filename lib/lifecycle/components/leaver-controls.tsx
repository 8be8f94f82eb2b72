"use client";
import { useRouter } from "next/navigation";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { DataTable } from "@/components/data-table";
import { Field, inputClass } from "@/components/field";
import { ActionMessage } from "@/components/action-message";
import { Time } from "@/components/time";
import { useActionForm } from "@/components/use-action-form";
import { markLeaving, restoreLeaverAccess, saveLifecycleSettings } from "../actions";
import type { LeaverRow } from "../queries";

const SOURCE: Record<string, string> = { DIRECTORY: "Directory", DISABLED: "Disabled", ADMIN: "Marked by an admin" };

function status(l: LeaverRow): React.ReactNode {
  if (l.restoredAt) return <>Access restored <Time iso={l.restoredAt} /></>;
  if (l.terminatedAt) return <>Terminated <Time iso={l.terminatedAt} /></>;
  if (l.stoppedAt && l.terminateAt) return <>Stopped; terminated <Time iso={l.terminateAt} /></>;
  return <>Desktops stop <Time iso={l.leaveAt} /></>;
}

export function LeaverTable({ leavers }: { leavers: LeaverRow[] }) {
  const router = useRouter();
  if (leavers.length === 0) return <p className="text-sm text-slate-600">No leavers.</p>;
  return (
    <DataTable caption="Leavers" columns={["Person", "Why", "Status", <span key="a" className="sr-only">Actions</span>]}>
      {leavers.map((l) => (
        <tr key={l.id} data-leaver={l.email}>
          <td className="px-3 py-2">
            <span className="font-medium">{l.name}</span>
            <div className="text-xs break-all text-slate-600">
              {l.email}
              {l.managerEmail ? ` · manager ${l.managerEmail}` : ""}
            </div>
          </td>
          <td className="px-3 py-2">
            {SOURCE[l.source] ?? l.source}: {l.reason}
          </td>
          <td className="px-3 py-2">{status(l)}</td>
          <td className="px-3 py-2">
            {l.restorable && (
              <ConfirmDialog
                triggerLabel={
                  <>
                    Restore access<span className="sr-only"> of {l.name}</span>
                  </>
                }
                title={`Restore ${l.name}'s access?`}
                confirmLabel="Restore access"
                onConfirm={async () => {
                  const result = await restoreLeaverAccess({ leaverId: l.id });
                  if (result.ok) router.refresh();
                  return result.ok ? { ok: true as const } : { ok: false as const, message: result.message };
                }}
              >
                Their account is enabled again{l.source === "DIRECTORY" ? " (in the directory too)" : ""} and their desktops are not terminated. Stopped desktops stay stopped until they start them.
              </ConfirmDialog>
            )}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

export function LeaverSettingsForm({ graceDays }: { graceDays: number }) {
  const router = useRouter();
  const { run, pending, fieldErrors: errors, message } = useActionForm();
  return (
    <form
      noValidate
      aria-label="Leaver settings"
      className="flex flex-wrap items-end gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        const data = Object.fromEntries(new FormData(e.currentTarget));
        run(() => saveLifecycleSettings(data), () => (router.refresh(), "Saved."));
      }}
    >
      <Field id="leaver-grace" label="Terminate a leaver's desktops after (days)" error={errors.leaverGraceDays}>
        <input id="leaver-grace" name="leaverGraceDays" inputMode="numeric" defaultValue={graceDays} className={inputClass} aria-invalid={Boolean(errors.leaverGraceDays) || undefined} aria-describedby={errors.leaverGraceDays ? "leaver-grace-error" : undefined} />
      </Field>
      <Button type="submit" variant="secondary" pending={pending}>
        Save
      </Button>
      <ActionMessage message={message} />
    </form>
  );
}

/** On a user's page: mark them as leaving on a date. */
export function MarkLeavingForm({ userId, leaveOn }: { userId: string; leaveOn: string | null }) {
  const router = useRouter();
  const { run, pending, fieldErrors: errors, message } = useActionForm();
  return (
    <form
      noValidate
      aria-label="Mark as leaving"
      className="flex flex-wrap items-end gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        const data = Object.fromEntries(new FormData(e.currentTarget));
        run(() => markLeaving({ ...data, userId }), () => (router.refresh(), "Marked as leaving: their desktops stop on that date."));
      }}
    >
      <Field id="leave-on" label="Leaves on" error={errors.leaveOn}>
        <input id="leave-on" name="leaveOn" type="date" defaultValue={leaveOn ?? ""} className={inputClass} aria-invalid={Boolean(errors.leaveOn) || undefined} aria-describedby={errors.leaveOn ? "leave-on-error" : undefined} />
      </Field>
      <Button type="submit" variant="secondary" pending={pending}>
        Mark as leaving
      </Button>
      <ActionMessage message={message} />
    </form>
  );
}
