"use client";
import { useRef } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { DataTable } from "@/components/data-table";
import { Field, inputClass } from "@/components/field";
import { useActionForm } from "@/components/use-action-form";
import { FormMessageLine } from "@/lib/users/components/form-message";
import { addNoticeRoute, removeNoticeRoute } from "../actions";

const CHANNEL_LABEL: Record<string, string> = { EMAIL: "E-mail address", SLACK: "Slack webhook", TEAMS: "Microsoft Teams webhook" };

export function NoticeRoutes({ routes }: { routes: { id: string; name: string; channel: string; target: string }[] }) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const { run, pending, fieldErrors: errors, message } = useActionForm();
  return (
    <div className="space-y-4">
      {routes.length === 0 ? (
        <p className="text-sm text-slate-600">Admin notices go only to each admin&apos;s own e-mail.</p>
      ) : (
        <DataTable caption="Where admin notices also go" columns={["Name", "Kind", "Address", <span key="a" className="sr-only">Actions</span>]}>
          {routes.map((r) => (
            <tr key={r.id} data-route={r.name}>
              <td className="px-3 py-2 font-medium break-words">{r.name}</td>
              <td className="px-3 py-2">{CHANNEL_LABEL[r.channel]}</td>
              <td className="px-3 py-2 break-all">{r.target}</td>
              <td className="px-3 py-2">
                <ConfirmDialog
                  triggerLabel={
                    <>
                      Remove<span className="sr-only"> {r.name}</span>
                    </>
                  }
                  title={`Stop sending admin notices to ${r.name}?`}
                  confirmLabel="Remove"
                  onConfirm={async () => {
                    const result = await removeNoticeRoute({ routeId: r.id });
                    if (result.ok) router.refresh();
                    return result.ok ? { ok: true as const } : { ok: false as const, message: result.message };
                  }}
                >
                  Notices already queued for it are still sent.
                </ConfirmDialog>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <form
        ref={form}
        noValidate
        aria-label="Send admin notices also to"
        className="grid max-w-2xl gap-3 sm:grid-cols-2"
        onSubmit={(e) => {
          e.preventDefault();
          const data = Object.fromEntries(new FormData(e.currentTarget));
          run(
            () => addNoticeRoute(data),
            () => {
              form.current?.reset();
              router.refresh();
              return "Added.";
            },
          );
        }}
      >
        <Field id="route-name" label="Name" error={errors.name}>
          <input id="route-name" name="name" className={inputClass} aria-invalid={Boolean(errors.name) || undefined} aria-describedby={errors.name ? "route-name-error" : undefined} />
        </Field>
        <Field id="route-channel" label="Kind" error={errors.channel}>
          <select id="route-channel" name="channel" className={inputClass} defaultValue="EMAIL">
            {Object.entries(CHANNEL_LABEL).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </Field>
        <div className="sm:col-span-2">
          <Field id="route-target" label="Address or webhook URL" hint="An e-mail address, or the channel's incoming webhook URL (https)." error={errors.target}>
            <input
              id="route-target"
              name="target"
              className={inputClass}
              aria-invalid={Boolean(errors.target) || undefined}
              aria-describedby={errors.target ? "route-target-error" : "route-target-hint"}
            />
          </Field>
        </div>
        <div className="flex flex-wrap items-center gap-3 sm:col-span-2">
          <Button type="submit" pending={pending}>
            Add
          </Button>
          <FormMessageLine message={message} />
        </div>
      </form>
    </div>
  );
}
