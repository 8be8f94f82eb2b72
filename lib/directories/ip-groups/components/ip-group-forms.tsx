"use client";
import { useQueuedChange } from "../../components/use-queued-change";
import { useRouter } from "next/navigation";
import { Button } from "@/components/button";
import { Field, inputClass } from "@/components/field";
import { ActionMessage } from "@/components/action-message";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { addIpRules, associateIpGroup, createIpGroup, deleteIpGroup, disassociateIpGroup, removeIpRule, replaceIpRules } from "../actions";

// IP access control groups: each change is queued for the worker; the page shows what AWS reports.

const RULES_HINT = "One rule a line: an IPv4 address or CIDR block, then an optional description (203.0.113.0/24 Head office). At most 10.";


function RulesField({ id, label, error, defaultValue }: { id: string; label: string; error?: string; defaultValue?: string }) {
  return (
    <Field id={id} label={label} hint={RULES_HINT} error={error}>
      <textarea
        id={id}
        name="rules"
        rows={4}
        defaultValue={defaultValue}
        className={`${inputClass} font-mono`}
        aria-invalid={Boolean(error)}
        aria-describedby={error ? `${id}-error` : `${id}-hint`}
      />
    </Field>
  );
}

export function CreateIpGroupForm() {
  const { run, pending, message, fieldErrors, queued } = useQueuedChange();
  return (
    <form
      noValidate
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        run(() => createIpGroup(Object.fromEntries(new FormData(form))), () => {
          form.reset();
          return queued();
        });
      }}
    >
      <Field id="group-name" label="Group name" error={fieldErrors.name}>
        <input id="group-name" name="name" className={inputClass} aria-invalid={Boolean(fieldErrors.name)} aria-describedby={fieldErrors.name ? "group-name-error" : undefined} />
      </Field>
      <Field id="group-description" label="Description (optional)" error={fieldErrors.description}>
        <input id="group-description" name="description" className={inputClass} aria-invalid={Boolean(fieldErrors.description)} />
      </Field>
      <RulesField id="group-rules" label="Rules" error={fieldErrors.rules} />
      <Button type="submit" pending={pending}>
        Create the group
      </Button>
      <ActionMessage message={message} />
    </form>
  );
}

/** Edit all rules at once (UpdateRulesOfIpGroup), add some (AuthorizeIpRules), remove one (RevokeIpRules), delete the group. */
export function IpGroupEditor({
  groupId,
  name,
  rules,
  associatedWith,
  disabled,
}: {
  groupId: string;
  name: string;
  rules: { ipRule: string; ruleDesc?: string }[];
  associatedWith: string[];
  disabled: boolean;
}) {
  const replace = useQueuedChange();
  const add = useQueuedChange();
  const remove = useQueuedChange();
  const router = useRouter();
  const asText = rules.map((r) => `${r.ipRule}${r.ruleDesc ? ` ${r.ruleDesc}` : ""}`).join("\n");
  return (
    <div className="space-y-4">
      {rules.length > 0 ? (
        <ul className="divide-y divide-slate-100 text-sm" aria-label={`Rules of ${name}`}>
          {rules.map((r) => (
            <li key={r.ipRule} className="flex flex-wrap items-center justify-between gap-2 py-1">
              <span>
                <span className="font-mono">{r.ipRule}</span> {r.ruleDesc && <span className="text-slate-600">{r.ruleDesc}</span>}
              </span>
              <Button
                type="button"
                variant="secondary"
                disabled={disabled}
                pending={remove.pending}
                aria-label={`Remove ${r.ipRule}`}
                onClick={() => remove.run(() => removeIpRule({ groupId, ipRule: r.ipRule }), remove.queued)}
              >
                Remove
              </Button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-600">No rules: no address may connect through this group.</p>
      )}
      <ActionMessage message={remove.message} />
      <form
        noValidate
        className="space-y-2"
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget;
          add.run(() => addIpRules({ groupId, rules: String(new FormData(form).get("rules") ?? "") }), () => {
            form.reset();
            return add.queued();
          });
        }}
      >
        <RulesField id={`${groupId}-add`} label="Add rules" error={add.fieldErrors.rules} />
        <Button type="submit" variant="secondary" pending={add.pending} disabled={disabled}>
          Add the rules
        </Button>
        <ActionMessage message={add.message} />
      </form>
      <details>
        <summary className="cursor-pointer text-sm font-medium text-indigo-700">Replace all rules</summary>
        <form
          noValidate
          className="mt-2 space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            replace.run(() => replaceIpRules({ groupId, rules: String(new FormData(e.currentTarget).get("rules") ?? "") }), replace.queued);
          }}
        >
          <RulesField id={`${groupId}-replace`} label="All rules" error={replace.fieldErrors.rules} defaultValue={asText} />
          <Button type="submit" variant="secondary" pending={replace.pending} disabled={disabled}>
            Save the rules
          </Button>
          <ActionMessage message={replace.message} />
        </form>
      </details>
      <ConfirmDialog
        triggerLabel="Delete the group"
        title={`Delete ${name}?`}
        confirmLabel="Delete"
        disabled={disabled || associatedWith.length > 0}
        disabledReason={associatedWith.length > 0 ? `Associated with ${associatedWith.join(", ")}: disassociate it first.` : undefined}
        onConfirm={async () => {
          const result = await deleteIpGroup({ groupId });
          if (result.ok) router.refresh();
          return result;
        }}
      >
        The group and its {rules.length === 1 ? "rule" : "rules"} are deleted in AWS. This cannot be undone.
      </ConfirmDialog>
    </div>
  );
}

/** On a directory's page: associate a group, or disassociate one. */
export function IpGroupAssociations({
  directoryId,
  associated,
  available,
  disabled,
}: {
  directoryId: string;
  associated: { groupId: string; name: string; rules: string[] }[];
  available: { groupId: string; name: string }[];
  disabled: boolean;
}) {
  const { run, pending, message, fieldErrors, queued } = useQueuedChange();
  return (
    <div className="space-y-3">
      {associated.length > 0 ? (
        <ul className="divide-y divide-slate-100 text-sm" aria-label="Associated IP access control groups" data-testid="associated-ip-groups">
          {associated.map((g) => (
            <li key={g.groupId} className="flex flex-wrap items-center justify-between gap-2 py-1">
              <span>
                <strong>{g.name}</strong> <span className="font-mono text-slate-600">{g.rules.join(", ") || "no rules"}</span>
              </span>
              <Button
                type="button"
                variant="secondary"
                disabled={disabled}
                pending={pending}
                aria-label={`Disassociate ${g.name}`}
                onClick={() => run(() => disassociateIpGroup({ directoryId, groupId: g.groupId }), queued)}
              >
                Disassociate
              </Button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-600" data-testid="associated-ip-groups">
          No IP access control group: desktops may be reached from any address.
        </p>
      )}
      {available.length > 0 && (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            run(() => associateIpGroup({ directoryId, groupId: String(new FormData(e.currentTarget).get("groupId") ?? "") }), queued);
          }}
        >
          <Field id="associate-group" label="Group to associate" error={fieldErrors.groupId}>
            <select id="associate-group" name="groupId" className={inputClass}>
              {available.map((g) => (
                <option key={g.groupId} value={g.groupId}>
                  {g.name}
                </option>
              ))}
            </select>
          </Field>
          <Button type="submit" pending={pending} disabled={disabled}>
            Associate
          </Button>
        </form>
      )}
      <ActionMessage message={message} />
    </div>
  );
}
