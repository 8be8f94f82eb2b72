"use client";
import { useRouter } from "next/navigation";
import { Button } from "@/components/button";
import { Field, inputClass } from "@/components/field";
import { ErrorSummary } from "@/components/error-summary";
import { useActionForm } from "@/components/use-action-form";
import { COMPUTE_TYPES } from "@/lib/catalog/bundle-facts";
import { FormMessageLine } from "@/lib/users/components/form-message";
import { ROLE_LABEL } from "@/lib/users/labels";
import { saveGuardrails } from "../actions";
import type { Guardrail } from "../rules";
import { requiredTagsText } from "../schema";

const ROLES = ["EMPLOYEE", "APPROVER", "ADMIN"] as const;
const ORDER = ["volumeEncryptionKey", "requiredTags", "maxComputeEMPLOYEE", "maxComputeAPPROVER", "maxComputeADMIN", "desktopsPerUser"];

export function GuardrailForm({ directoryId, guardrail }: { directoryId: string; guardrail: Guardrail }) {
  const router = useRouter();
  const { run, pending, fieldErrors: errors, message } = useActionForm();
  const described = (id: string, hint = true) => ({ "aria-invalid": Boolean(errors[id]) || undefined, "aria-describedby": errors[id] ? `${id}-error` : hint ? `${id}-hint` : undefined });
  return (
    <form
      noValidate
      aria-label="Guardrails"
      className="space-y-6"
      onSubmit={(e) => {
        e.preventDefault();
        const data = Object.fromEntries(new FormData(e.currentTarget));
        run(
          () => saveGuardrails({ ...data, directoryId, encryptionRequired: data.encryptionRequired ?? "" }),
          () => {
            router.refresh();
            return "Guardrails saved. They apply to every new request, approval, CSV upload and create from now on.";
          },
        );
      }}
    >
      <ErrorSummary errors={errors} order={ORDER} />
      <fieldset className="space-y-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <legend className="text-base font-semibold">Encryption</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="encryptionRequired" value="on" defaultChecked={guardrail.encryptionRequired} />
          Require volume encryption (root and user volumes) for new desktops
        </label>
        <Field id="volumeEncryptionKey" label="KMS key" hint="Its ARN, key id or alias (alias/name). It must exist, be enabled and be symmetric; it is checked with KMS when you save." error={errors.volumeEncryptionKey}>
          <input id="volumeEncryptionKey" name="volumeEncryptionKey" defaultValue={guardrail.volumeEncryptionKey ?? ""} autoComplete="off" spellCheck={false} className={inputClass} {...described("volumeEncryptionKey")} />
        </Field>
      </fieldset>
      <fieldset className="space-y-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <legend className="text-base font-semibold">Required tags</legend>
        <Field
          id="requiredTags"
          label="Tags every desktop here must carry"
          hint='One a line: "CostCentre = 1000, 2000" (the allowed values; the first is the default), or just "Project" for any value the requester types. Asked in the request form, checked in the CSV, written to AWS.'
          error={errors.requiredTags}
        >
          <textarea id="requiredTags" name="requiredTags" rows={4} defaultValue={requiredTagsText(guardrail.requiredTags)} spellCheck={false} className={inputClass} {...described("requiredTags")} />
        </Field>
      </fieldset>
      <fieldset className="space-y-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <legend className="text-base font-semibold">Limits</legend>
        <div className="grid gap-3 sm:grid-cols-3">
          {ROLES.map((role) => (
            <Field key={role} id={`maxCompute${role}`} label={`Largest desktop: ${ROLE_LABEL[role]}`} error={errors[`maxCompute${role}`]}>
              <select id={`maxCompute${role}`} name={`maxCompute${role}`} defaultValue={guardrail.maxComputeByRole[role] ?? ""} className={inputClass} {...described(`maxCompute${role}`, false)}>
                <option value="">No limit</option>
                {COMPUTE_TYPES.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.label} ({c.vcpus} vCPU, {c.memoryGiB} GiB{c.gpu ? ", GPU" : ""})
                  </option>
                ))}
              </select>
            </Field>
          ))}
        </div>
        <Field id="desktopsPerUser" label="Desktops per person" hint="Optional; desktops and open requests one person may have in all." error={errors.desktopsPerUser}>
          <input id="desktopsPerUser" name="desktopsPerUser" type="number" inputMode="numeric" min={1} max={100} defaultValue={guardrail.desktopsPerUser ?? ""} className={`${inputClass} max-w-32`} {...described("desktopsPerUser")} />
        </Field>
      </fieldset>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" pending={pending}>
          Save guardrails
        </Button>
        <FormMessageLine message={message} />
      </div>
    </form>
  );
}
