"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Field, inputClass } from "@/components/field";
import { useActionForm } from "@/components/use-action-form";
import { FormMessageLine } from "@/lib/users/components/form-message";
import { ROLE_LABEL } from "@/lib/users/labels";
import type { ApprovalOutcome, Role, RunningMode } from "@/lib/db/generated/enums";
import { deleteApprovalRule, moveApprovalRule, previewApproval, saveApprovalRule } from "../actions";
import type { ApprovalRuleView } from "../queries";
import { APPROVAL_OUTCOMES, OUTCOME_LABELS } from "../rules";
import { REJECT_REASON_MAX, RULE_NAME_MAX } from "../schema";

type Choice = { id: string; name: string };
export type PolicyChoices = {
  directories: Choice[];
  bundles: (Choice & { computeType: string })[];
  computeTypes: string[];
  users: { id: string; name: string; email: string }[];
};

const ROLES: Role[] = ["EMPLOYEE", "APPROVER", "ADMIN"];
const MODES: [RunningMode, string][] = [
  ["AUTO_STOP", "AutoStop"],
  ["ALWAYS_ON", "AlwaysOn"],
];

export function PolicyEditor({ rules, choices }: { rules: ApprovalRuleView[]; choices: PolicyChoices }) {
  const [adding, setAdding] = useState(false);
  const [warnings, setWarnings] = useState<string[]>([]);
  return (
    <div className="space-y-6">
      {warnings.length > 0 && (
        <div role="status" className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-200">
          <p className="font-medium">Saved, but look again:</p>
          <ul className="list-disc pl-5">
            {warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      )}
      {rules.length === 0 ? (
        <p className="text-sm text-slate-600">No rules yet: every request waits for one approval by any approver.</p>
      ) : (
        <ol className="space-y-3" aria-label="Approval rules, in the order they are tried">
          {rules.map((rule, i) => (
            <RuleItem key={rule.id} rule={rule} first={i === 0} last={i === rules.length - 1} choices={choices} onWarnings={setWarnings} />
          ))}
        </ol>
      )}
      {adding ? (
        <section aria-labelledby="new-rule" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
          <h2 id="new-rule" className="font-medium">
            New rule (tried after the others)
          </h2>
          <RuleForm choices={choices} onDone={() => setAdding(false)} onWarnings={setWarnings} />
        </section>
      ) : (
        <Button type="button" onClick={() => setAdding(true)}>
          Add a rule
        </Button>
      )}
      <Preview choices={choices} />
    </div>
  );
}

function summary(rule: ApprovalRuleView, choices: PolicyChoices): string {
  const parts: string[] = [];
  const who = [...rule.roles.map((r) => ROLE_LABEL[r].toLowerCase()), ...rule.groups.map((g) => `group ${g}`)];
  if (who.length) parts.push(`requested by ${who.join(" or ")}`);
  if (rule.directoryIds.length) parts.push(`in ${rule.directoryIds.map((id) => choices.directories.find((d) => d.id === id)?.name ?? id).join(" or ")}`);
  const what = [...rule.bundleIds.map((id) => choices.bundles.find((b) => b.id === id)?.name ?? id), ...rule.computeTypes];
  if (what.length) parts.push(`for ${what.join(" or ")}`);
  if (rule.runningModes.length) parts.push(rule.runningModes.map((m) => (m === "AUTO_STOP" ? "AutoStop" : "AlwaysOn")).join(" or "));
  if (rule.minMonthlyCost !== null || rule.maxMonthlyCost !== null) parts.push(`costing ${range(rule.minMonthlyCost, rule.maxMonthlyCost, "$")} a month`);
  if (rule.minHeld !== null || rule.maxHeld !== null) parts.push(`when already holding ${range(rule.minHeld, rule.maxHeld, "")} desktops`);
  const when = parts.length ? `Requests ${parts.join(", ")}` : "Every request";
  const then =
    rule.outcome === "REJECT"
      ? `rejected: ${rule.rejectReason}`
      : rule.outcome === "AUTO_APPROVE"
        ? "approved automatically"
        : `${rule.outcome === "ONE_LEVEL" ? "one approval" : "two approvals"}: level 1 by ${levelWho(rule.level1Manager, rule.level1Group)}${rule.outcome === "TWO_LEVELS" ? `, then level 2 by ${levelWho(false, rule.level2Group)}` : ""}`;
  return `${when} → ${then}.`;
}

const levelWho = (manager: boolean, group: string | null) =>
  [manager ? "the manager" : null, group ? `group ${group}` : null].filter(Boolean).join(" or ") || "any approver";

function range(min: number | null, max: number | null, unit: string): string {
  if (min !== null && max !== null) return `${unit}${min} to ${unit}${max}`;
  return min !== null ? `at least ${unit}${min}` : `at most ${unit}${max}`;
}

function RuleItem({ rule, first, last, choices, onWarnings }: { rule: ApprovalRuleView; first: boolean; last: boolean; choices: PolicyChoices; onWarnings: (w: string[]) => void }) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const { run, pending, message } = useActionForm();
  const headingId = `rule-${rule.id}`;
  const move = (direction: "up" | "down") =>
    run(
      () => moveApprovalRule({ ruleId: rule.id, direction }),
      (result) => {
        onWarnings(result.warnings);
        router.refresh();
      },
    );
  return (
    <li className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200" aria-labelledby={headingId} data-rule-id={rule.id}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h2 id={headingId} className="font-medium break-words">
            Rule {rule.number}: {rule.name}
          </h2>
          <p className="text-sm text-slate-600 break-words">{summary(rule, choices)}</p>
          {rule.problems.map((p) => (
            <p key={p} className="mt-1 text-sm font-medium text-amber-900">
              ⚠ {p}
            </p>
          ))}
        </div>
        <div className="flex flex-wrap gap-2">
          <Button type="button" variant="secondary" disabled={first || pending} onClick={() => move("up")}>
            Move up<span className="sr-only"> rule {rule.name}</span>
          </Button>
          <Button type="button" variant="secondary" disabled={last || pending} onClick={() => move("down")}>
            Move down<span className="sr-only"> rule {rule.name}</span>
          </Button>
          {!editing && (
            <Button type="button" variant="secondary" onClick={() => setEditing(true)}>
              Edit<span className="sr-only"> rule {rule.name}</span>
            </Button>
          )}
          <ConfirmDialog
            triggerLabel={
              <>
                Delete<span className="sr-only"> rule {rule.name}</span>
              </>
            }
            title={`Delete the rule "${rule.name}"?`}
            confirmLabel="Delete rule"
            onConfirm={async () => {
              const result = await deleteApprovalRule({ ruleId: rule.id });
              if (result.ok) router.refresh();
              return result.ok ? { ok: true as const } : { ok: false as const, message: result.message };
            }}
          >
            Requests are then matched against the remaining rules. Requests already waiting keep their route.
          </ConfirmDialog>
        </div>
      </div>
      <FormMessageLine message={message} />
      {editing && <RuleForm rule={rule} choices={choices} onDone={() => setEditing(false)} onWarnings={onWarnings} />}
    </li>
  );
}

function Checkboxes<T extends string>({ legend, hint, name, options, checked }: { legend: string; hint: string; name: string; options: [T, string][]; checked: readonly T[] }) {
  return (
    <fieldset className="min-w-0">
      <legend className="text-sm font-medium">{legend}</legend>
      <p className="text-xs text-slate-500">{hint}</p>
      <div className="max-h-40 overflow-y-auto">
        {options.map(([value, label]) => (
          <label key={value} className="mr-4 inline-flex items-center gap-2 text-sm">
            <input type="checkbox" name={name} value={value} defaultChecked={checked.includes(value)} />
            {label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function RuleForm({ rule, choices, onDone, onWarnings }: { rule?: ApprovalRuleView; choices: PolicyChoices; onDone: () => void; onWarnings: (w: string[]) => void }) {
  const router = useRouter();
  const { run, pending, fieldErrors: errors, message } = useActionForm();
  const [outcome, setOutcome] = useState<ApprovalOutcome>(rule?.outcome ?? "ONE_LEVEL");
  const key = rule?.id ?? "new";
  const text = (name: string, label: string, opts: { hint?: string; value?: string | number | null; type?: string; max?: number } = {}) => (
    <Field id={`${key}-${name}`} label={label} hint={opts.hint} error={errors[name]}>
      <input
        id={`${key}-${name}`}
        name={name}
        type={opts.type ?? "text"}
        inputMode={opts.type === "number" ? "decimal" : undefined}
        min={opts.type === "number" ? 0 : undefined}
        step={opts.type === "number" ? "any" : undefined}
        maxLength={opts.max}
        defaultValue={opts.value ?? ""}
        autoComplete="off"
        aria-invalid={Boolean(errors[name]) || undefined}
        aria-describedby={errors[name] ? `${key}-${name}-error` : opts.hint ? `${key}-${name}-hint` : undefined}
        className={inputClass}
      />
    </Field>
  );
  const listError = ["roles", "directoryIds", "bundleIds", "computeTypes", "runningModes", "_form"].map((k) => errors[k]).find(Boolean);
  return (
    <form
      noValidate
      aria-label={rule ? `Edit rule ${rule.name}` : "New rule"}
      className="mt-4 space-y-4 border-t border-slate-100 pt-4"
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        run(
          () =>
            saveApprovalRule({
              ruleId: rule?.id,
              name: data.get("name"),
              outcome: data.get("outcome"),
              roles: data.getAll("roles"),
              groups: data.get("groups"),
              directoryIds: data.getAll("directoryIds"),
              bundleIds: data.getAll("bundleIds"),
              computeTypes: data.getAll("computeTypes"),
              runningModes: data.getAll("runningModes"),
              minMonthlyCost: data.get("minMonthlyCost"),
              maxMonthlyCost: data.get("maxMonthlyCost"),
              minHeld: data.get("minHeld"),
              maxHeld: data.get("maxHeld"),
              level1Manager: data.get("level1Manager") === "on",
              level1Group: data.get("level1Group") ?? "",
              level2Group: data.get("level2Group") ?? "",
              rejectReason: data.get("rejectReason") ?? "",
            }),
          (result) => {
            onWarnings(result.warnings);
            router.refresh();
            onDone();
          },
        );
      }}
    >
      {text("name", "Rule name", { value: rule?.name, max: RULE_NAME_MAX })}
      <h3 className="text-sm font-semibold">When a request matches all of these (leave empty for any)</h3>
      <div className="grid gap-4 sm:grid-cols-2">
        <Checkboxes legend="Requester's role" hint="Or one of the groups below." name="roles" options={ROLES.map((r) => [r, ROLE_LABEL[r]])} checked={rule?.roles ?? []} />
        {text("groups", "Requester's groups", { hint: "Directory or SSO group names, separated by commas.", value: rule?.groups.join(", ") })}
        <Checkboxes legend="Directory" hint="Any of these." name="directoryIds" options={choices.directories.map((d) => [d.id, d.name])} checked={rule?.directoryIds ?? []} />
        <Checkboxes legend="Running mode" hint="Any of these." name="runningModes" options={MODES} checked={rule?.runningModes ?? []} />
        <Checkboxes legend="Compute type" hint="Or one of the bundles." name="computeTypes" options={choices.computeTypes.map((c) => [c, c])} checked={rule?.computeTypes ?? []} />
        <Checkboxes legend="Bundle" hint="Or one of the compute types." name="bundleIds" options={choices.bundles.map((b) => [b.id, b.name])} checked={rule?.bundleIds ?? []} />
        {text("minMonthlyCost", "Monthly cost estimate at least", { type: "number", value: rule?.minMonthlyCost, hint: "In the price list's currency." })}
        {text("maxMonthlyCost", "Monthly cost estimate at most", { type: "number", value: rule?.maxMonthlyCost })}
        {text("minHeld", "Desktops already held at least", { type: "number", value: rule?.minHeld, hint: "Desktops and open requests." })}
        {text("maxHeld", "Desktops already held at most", { type: "number", value: rule?.maxHeld })}
      </div>
      {listError && (
        <p role="alert" className="text-sm font-medium text-red-700">
          {listError}
        </p>
      )}
      <fieldset>
        <legend className="text-sm font-semibold">Then</legend>
        {APPROVAL_OUTCOMES.map((o) => (
          <label key={o} className="mr-4 inline-flex items-center gap-2 text-sm">
            <input type="radio" name="outcome" value={o} checked={outcome === o} onChange={() => setOutcome(o)} />
            {OUTCOME_LABELS[o]}
          </label>
        ))}
      </fieldset>
      {(outcome === "ONE_LEVEL" || outcome === "TWO_LEVELS") && (
        <div className="grid gap-4 sm:grid-cols-2">
          <div className="space-y-2">
            <label className="inline-flex items-center gap-2 text-sm">
              <input type="checkbox" name="level1Manager" defaultChecked={rule?.level1Manager} />
              Level 1: the requester&apos;s manager
            </label>
            {text("level1Group", "Level 1 approver group", { hint: "Its members decide level 1 (as does the manager, when ticked). Empty, with no manager: any approver.", value: rule?.level1Group })}
          </div>
          {outcome === "TWO_LEVELS" && text("level2Group", "Level 2 approver group", { hint: "Its members decide level 2. Empty: any approver.", value: rule?.level2Group })}
        </div>
      )}
      {outcome === "REJECT" && (
        <Field id={`${key}-rejectReason`} label="Reason the requester reads" error={errors.rejectReason}>
          <textarea
            id={`${key}-rejectReason`}
            name="rejectReason"
            rows={2}
            maxLength={REJECT_REASON_MAX}
            defaultValue={rule?.rejectReason ?? ""}
            aria-invalid={Boolean(errors.rejectReason) || undefined}
            aria-describedby={errors.rejectReason ? `${key}-rejectReason-error` : undefined}
            className={inputClass}
          />
        </Field>
      )}
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" pending={pending}>
          {rule ? "Save rule" : "Add rule"}
        </Button>
        <Button type="button" variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <FormMessageLine message={message} />
      </div>
    </form>
  );
}

function Preview({ choices }: { choices: PolicyChoices }) {
  const { run, pending, fieldErrors: errors, message } = useActionForm();
  const [verdict, setVerdict] = useState<string | null>(null);
  const select = (name: string, label: string, options: [string, string][]) => (
    <Field id={`preview-${name}`} label={label} error={errors[name]}>
      <select
        id={`preview-${name}`}
        name={name}
        className={inputClass}
        aria-invalid={Boolean(errors[name]) || undefined}
        aria-describedby={errors[name] ? `preview-${name}-error` : undefined}
      >
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </Field>
  );
  return (
    <section aria-labelledby="preview-title" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <h2 id="preview-title" className="font-medium">
        Preview
      </h2>
      <p className="text-sm text-slate-600">What would happen to a request, with the rules as saved.</p>
      <form
        noValidate
        aria-label="Preview a request"
        className="mt-3 space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          const data = new FormData(e.currentTarget);
          setVerdict(null);
          run(
            () => previewApproval({ userId: data.get("userId"), bundleId: data.get("bundleId"), directoryId: data.get("directoryId"), runningMode: data.get("runningMode") }),
            (result) => setVerdict(result.verdict),
          );
        }}
      >
        <div className="grid gap-3 sm:grid-cols-2">
          {select("userId", "Requester", choices.users.map((u) => [u.id, `${u.name} (${u.email})`]))}
          {select("bundleId", "Bundle", choices.bundles.map((b) => [b.id, b.name]))}
          {select("directoryId", "Directory", choices.directories.map((d) => [d.id, d.name]))}
          {select("runningMode", "Running mode", MODES)}
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" variant="secondary" pending={pending}>
            Preview
          </Button>
          <FormMessageLine message={message} />
        </div>
        {verdict && (
          <p role="status" className="rounded-md bg-indigo-50 px-3 py-2 text-sm text-indigo-900" data-testid="preview-verdict">
            {verdict}
          </p>
        )}
      </form>
    </section>
  );
}
