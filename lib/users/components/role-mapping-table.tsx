"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { DataTable } from "@/components/data-table";
import { EmptyState } from "@/components/empty-state";
import { Field, inputClass } from "@/components/field";
import { useActionForm } from "@/components/use-action-form";
import type { Role } from "@/lib/db/generated/enums";
import { deleteRoleMapping, saveRoleMapping } from "../actions";
import { ROLE_LABEL, SOURCE_LABEL } from "../labels";
import type { RoleMappingRow } from "../queries";
import { FormMessageLine } from "./form-message";

export function RoleMappingTable({ rows }: { rows: RoleMappingRow[] }) {
  const router = useRouter();
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <div className="space-y-4">
      {rows.length === 0 ? (
        <EmptyState title="No mappings yet">Everyone who signs in through the directory or single sign-on is an employee until a group is mapped.</EmptyState>
      ) : (
        <DataTable caption="Role mappings" columns={["Source", "Group", "Role", <span key="a" className="sr-only">Actions</span>]}>
          {rows.map((m) => (
            <tr key={m.id} data-mapping={`${m.source}|${m.groupName}`}>
              <td className="px-3 py-2">{SOURCE_LABEL[m.source]}</td>
              <td className="px-3 py-2 break-words font-medium">{m.groupName}</td>
              <td className="px-3 py-2">{ROLE_LABEL[m.role]}</td>
              <td className="px-3 py-2">
                {editing === m.id ? (
                  <MappingForm mapping={m} onDone={() => setEditing(null)} />
                ) : (
                  <div className="flex flex-wrap gap-2">
                    <Button type="button" variant="secondary" onClick={() => setEditing(m.id)}>
                      Edit<span className="sr-only"> the mapping of {m.groupName}</span>
                    </Button>
                    <ConfirmDialog
                      triggerLabel={
                        <>
                          Delete<span className="sr-only"> the mapping of {m.groupName}</span>
                        </>
                      }
                      title={`Delete the mapping of "${m.groupName}"?`}
                      confirmLabel="Delete mapping"
                      onConfirm={async () => {
                        const result = await deleteRoleMapping({ mappingId: m.id });
                        if (result.ok) router.refresh();
                        return result.ok ? { ok: true as const } : { ok: false as const, message: result.message };
                      }}
                    >
                      Members of this group no longer get the role {ROLE_LABEL[m.role]} from it, from their next sign-in.
                    </ConfirmDialog>
                  </div>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <section aria-labelledby="add-mapping" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <h2 id="add-mapping" className="mb-3 text-base font-semibold">
          Add a mapping
        </h2>
        <MappingForm />
      </section>
    </div>
  );
}

function MappingForm({ mapping, onDone }: { mapping?: RoleMappingRow; onDone?: () => void }) {
  const router = useRouter();
  const { run, pending, fieldErrors: errors, message } = useActionForm();
  const key = mapping?.id ?? "new";
  return (
    <form
      noValidate
      aria-label={mapping ? `Edit the mapping of ${mapping.groupName}` : "Add a mapping"}
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const data = Object.fromEntries(new FormData(form));
        run(
          () => saveRoleMapping({ ...data, mappingId: mapping?.id ?? "" }),
          () => {
            router.refresh();
            if (!mapping) form.reset();
            onDone?.();
            return mapping ? "Mapping saved." : "Mapping added.";
          },
        );
      }}
    >
      <div className="grid gap-3 sm:grid-cols-3">
        <Field id={`${key}-source`} label="Source" error={errors.source}>
          <select id={`${key}-source`} name="source" defaultValue={mapping?.source ?? "DIRECTORY"} className={inputClass}>
            <option value="DIRECTORY">{SOURCE_LABEL.DIRECTORY}</option>
            <option value="SSO">{SOURCE_LABEL.SSO}</option>
          </select>
        </Field>
        <Field id={`${key}-groupName`} label="Group name" hint="As the directory or identity provider names it; case does not matter." error={errors.groupName}>
          <input
            id={`${key}-groupName`}
            name="groupName"
            defaultValue={mapping?.groupName}
            autoComplete="off"
            aria-invalid={Boolean(errors.groupName) || undefined}
            aria-describedby={errors.groupName ? `${key}-groupName-error` : `${key}-groupName-hint`}
            className={inputClass}
          />
        </Field>
        <Field id={`${key}-role`} label="Role" error={errors.role}>
          <select id={`${key}-role`} name="role" defaultValue={mapping?.role ?? "APPROVER"} className={inputClass}>
            {(["EMPLOYEE", "APPROVER", "ADMIN"] as Role[]).map((r) => (
              <option key={r} value={r}>
                {ROLE_LABEL[r]}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" pending={pending}>
          {mapping ? "Save mapping" : "Add mapping"}
        </Button>
        {mapping && (
          <Button type="button" variant="secondary" onClick={onDone}>
            Cancel
          </Button>
        )}
        <FormMessageLine message={message} />
      </div>
    </form>
  );
}
