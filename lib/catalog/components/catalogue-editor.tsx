"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Field, inputClass } from "@/components/field";
import { useActionForm } from "@/components/use-action-form";
import { FormMessageLine } from "@/lib/users/components/form-message";
import { ROLE_LABEL } from "@/lib/users/labels";
import type { Role } from "@/lib/db/generated/enums";
import { plural } from "@/lib/plural";
import { offerBundle, withdrawOffer } from "../actions";
import type { CatalogueRow } from "../queries";
import { OFFER_DESCRIPTION_MAX, OFFER_NAME_MAX } from "../schema";

const ROLES: Role[] = ["EMPLOYEE", "APPROVER", "ADMIN"];

// Every bundle AWS lists, offered or not; each offer edited in place.
export function CatalogueEditor({ rows, directories }: { rows: CatalogueRow[]; directories: { id: string; name: string }[] }) {
  const [filter, setFilter] = useState<"all" | "offered">("all");
  const shown = filter === "offered" ? rows.filter((r) => r.offer) : rows;
  return (
    <div className="space-y-3">
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={filter === "offered"} onChange={(e) => setFilter(e.target.checked ? "offered" : "all")} />
        Show only offered bundles
      </label>
      <ul className="space-y-3" aria-label="Bundles">
        {shown.map((row) => (
          <CatalogueItem key={row.bundleId} row={row} directories={directories} />
        ))}
      </ul>
    </div>
  );
}

function CatalogueItem({ row, directories }: { row: CatalogueRow; directories: { id: string; name: string }[] }) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const headingId = `${row.bundleId}-name`;
  return (
    <li className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200" aria-labelledby={headingId} data-bundle-id={row.bundleId}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h2 id={headingId} className="font-medium break-words">
            {row.offer ? row.offer.displayName : row.awsName}
          </h2>
          <p className="text-sm text-slate-600 break-words">
            {row.offer && `${row.awsName} · `}
            {row.bundleId} · {row.owner === "AMAZON" ? "public" : "custom"} · {row.computeType} · {row.rootVolumeGiB} GB system + {row.userVolumeGiB} GB user storage
          </p>
          <p className="mt-1 flex flex-wrap gap-2 text-xs">
            {row.offer ? <Badge tone="ok">Offered{audience(row.offer, directories)}</Badge> : <Badge>Not offered</Badge>}
            {row.outdated && <Badge tone="warn">Outdated: hidden unless offered</Badge>}
            {!row.available && <Badge tone="warn">AWS no longer lists it: not requestable</Badge>}
            {row.desktops > 0 && <Badge>{plural(row.desktops, "desktop")} use it</Badge>}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          {!editing && (row.available || row.offer) && (
            <Button type="button" variant="secondary" onClick={() => setEditing(true)}>
              {row.offer ? "Edit offer" : "Offer"}
              <span className="sr-only"> {row.awsName}</span>
            </Button>
          )}
          {row.offer && (
            <ConfirmDialog
              triggerLabel={
                <>
                  Withdraw<span className="sr-only"> {row.offer.displayName}</span>
                </>
              }
              title={`Stop offering "${row.offer.displayName}"?`}
              confirmLabel="Withdraw offer"
              onConfirm={async () => {
                const result = await withdrawOffer({ bundleId: row.bundleId });
                if (result.ok) router.refresh();
                return result.ok ? { ok: true as const } : { ok: false as const, message: result.message };
              }}
            >
              Employees can no longer request it. Desktops already made from it are kept.
            </ConfirmDialog>
          )}
        </div>
      </div>
      {editing && <OfferForm row={row} directories={directories} onDone={() => setEditing(false)} />}
    </li>
  );
}

function audience(offer: NonNullable<CatalogueRow["offer"]>, directories: { id: string; name: string }[]): string {
  const who = [...offer.roles.map((r) => ROLE_LABEL[r].toLowerCase()), ...offer.groups.map((g) => `group ${g}`)];
  const where = offer.directoryIds.map((id) => directories.find((d) => d.id === id)?.name ?? id);
  return `${who.length ? ` to ${who.join(", ")}` : " to everyone"}${where.length ? ` in ${where.join(", ")}` : ""}`;
}

function Badge({ tone, children }: { tone?: "ok" | "warn"; children: React.ReactNode }) {
  const colour = tone === "ok" ? "bg-emerald-50 text-emerald-800" : tone === "warn" ? "bg-amber-50 text-amber-900" : "bg-slate-100 text-slate-700";
  return <span className={`rounded px-1.5 py-0.5 ${colour}`}>{children}</span>;
}

function OfferForm({ row, directories, onDone }: { row: CatalogueRow; directories: { id: string; name: string }[]; onDone: () => void }) {
  const router = useRouter();
  const { run, pending, fieldErrors: errors, message } = useActionForm();
  const key = row.bundleId;
  return (
    <form
      noValidate
      aria-label={`Offer ${row.awsName}`}
      className="mt-4 space-y-3 border-t border-slate-100 pt-4"
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        run(
          () =>
            offerBundle({
              bundleId: row.bundleId,
              displayName: data.get("displayName"),
              description: data.get("description"),
              groups: data.get("groups"),
              roles: data.getAll("roles"),
              directoryIds: data.getAll("directoryIds"),
            }),
          () => {
            router.refresh();
            onDone();
          },
        );
      }}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <Field id={`${key}-displayName`} label="Name employees see" error={errors.displayName}>
          <input
            id={`${key}-displayName`}
            name="displayName"
            maxLength={OFFER_NAME_MAX}
            defaultValue={row.offer?.displayName ?? row.awsName}
            aria-invalid={Boolean(errors.displayName) || undefined}
            aria-describedby={errors.displayName ? `${key}-displayName-error` : undefined}
            className={inputClass}
          />
        </Field>
        <Field id={`${key}-groups`} label="Only for these groups" hint="Optional; group names separated by commas." error={errors.groups}>
          <input
            id={`${key}-groups`}
            name="groups"
            defaultValue={row.offer?.groups.join(", ")}
            autoComplete="off"
            aria-invalid={Boolean(errors.groups) || undefined}
            aria-describedby={errors.groups ? `${key}-groups-error` : `${key}-groups-hint`}
            className={inputClass}
          />
        </Field>
      </div>
      <Field id={`${key}-description`} label="Description" hint="Optional; what it is for." error={errors.description}>
        <textarea
          id={`${key}-description`}
          name="description"
          rows={2}
          maxLength={OFFER_DESCRIPTION_MAX}
          defaultValue={row.offer?.description}
          aria-invalid={Boolean(errors.description) || undefined}
          aria-describedby={errors.description ? `${key}-description-error` : `${key}-description-hint`}
          className={inputClass}
        />
      </Field>
      <div className="grid gap-3 sm:grid-cols-2">
        <fieldset>
          <legend className="text-sm font-medium">Only for these roles</legend>
          <p className="text-xs text-slate-500">None chosen, and no groups: everyone.</p>
          {ROLES.map((r) => (
            <label key={r} className="mr-4 inline-flex items-center gap-2 text-sm">
              <input type="checkbox" name="roles" value={r} defaultChecked={row.offer?.roles.includes(r)} />
              {ROLE_LABEL[r]}
            </label>
          ))}
        </fieldset>
        {directories.length > 0 && (
          <fieldset>
            <legend className="text-sm font-medium">Only in these directories</legend>
            <p className="text-xs text-slate-500">None chosen: every directory.</p>
            {directories.map((d) => (
              <label key={d.id} className="mr-4 inline-flex items-center gap-2 text-sm">
                <input type="checkbox" name="directoryIds" value={d.id} defaultChecked={row.offer?.directoryIds.includes(d.id)} />
                {d.name}
              </label>
            ))}
          </fieldset>
        )}
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" pending={pending}>
          {row.offer ? "Save offer" : "Offer it"}
        </Button>
        <Button type="button" variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <FormMessageLine message={message} />
      </div>
    </form>
  );
}
