"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import { Card } from "@/components/card";
import { Field, inputClass } from "@/components/field";
import { Time } from "@/components/time";
import { useActionForm } from "@/components/use-action-form";
import { DecideRequestControls } from "@/lib/billing/components/billing-request-controls";
import { changeDesktopSize, decideSizeRequest, requestDesktopSize } from "../actions";
import type { ResizeView } from "../queries";
import { REASON_MAX } from "../schema";

type Kind = "COMPUTE" | "ROOT_VOLUME" | "USER_VOLUME";

/**
 * The desktop page's "Size" card: the compute type and volumes, a change under way, a change AWS
 * refused (in plain words), a request waiting for approval, and the form. An admin changes the
 * desktop directly ("change"); the owner asks ("request"). The cost change shows before confirming.
 */
export function ResizeCard({
  view,
  purpose,
  canDecide,
  showAwsErrors,
}: {
  view: ResizeView;
  purpose: "change" | "request" | null;
  canDecide: boolean;
  showAwsErrors: boolean;
}) {
  return (
    <Card title="Size">
      <dl className="grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-3">
        <div>
          <dt className="text-slate-500">Compute type</dt>
          <dd className="font-medium" data-testid="compute-type">
            {view.computeLabel}
          </dd>
        </div>
        <div>
          <dt className="text-slate-500">Root volume</dt>
          <dd className="font-medium">{view.rootVolumeGiB} GB</dd>
        </div>
        <div>
          <dt className="text-slate-500">User volume</dt>
          <dd className="font-medium">{view.userVolumeGiB} GB</dd>
        </div>
      </dl>
      <div className="mt-3 space-y-3" aria-live="polite">
        {view.inProgress && (
          <Alert tone="info">
            Modifying: AWS is changing the {view.inProgress}. This can take up to an hour; the desktop restarts once for a compute type change.
          </Alert>
        )}
        {view.lastFailure && (
          <Alert tone="error">
            The change of the {view.lastFailure.what} was not made. {view.lastFailure.plain}
            {showAwsErrors && view.lastFailure.code ? ` (${view.lastFailure.code}: ${view.lastFailure.message})` : ""}
          </Alert>
        )}
        {view.openRequest && (
          <div className="space-y-2 rounded-md bg-amber-50 p-3 text-sm ring-1 ring-amber-200">
            <p>
              Waiting for approval: {view.openRequest.what} ({view.openRequest.cost}). Asked <Time iso={view.openRequest.createdAt} relative />.
            </p>
            <p className="text-slate-600">Reason: {view.openRequest.reason}</p>
            {canDecide && <DecideSizeControls requestId={view.openRequest.id} />}
          </div>
        )}
      </div>
      {purpose && !view.inProgress && !view.openRequest && <ResizeForm view={view} purpose={purpose} />}
    </Card>
  );
}

function ResizeForm({ view, purpose }: { view: ResizeView; purpose: "change" | "request" }) {
  const router = useRouter();
  const { run, pending, fieldErrors: errors, message } = useActionForm();
  const [kind, setKind] = useState<Kind>("COMPUTE");
  const [computeType, setComputeType] = useState(view.choices.find((c) => c.larger)?.id ?? view.choices[0]?.id ?? "");
  const choice = view.choices.find((c) => c.id === computeType);
  const prefix = `resize-${purpose}`;
  const approval = purpose === "request" && (kind !== "COMPUTE" || choice?.needsApproval !== false);
  const blocked = kind === "COMPUTE" ? (choice?.blocked ?? null) : view.volumeBlocked;

  return (
    <form
      noValidate
      className="mt-4 space-y-3 border-t border-slate-100 pt-4"
      aria-label={purpose === "change" ? "Change the desktop's size" : "Ask for a different size"}
      onSubmit={(e) => {
        e.preventDefault();
        const data = Object.fromEntries(new FormData(e.currentTarget));
        const target = kind === "COMPUTE" ? { kind, computeType } : { kind, sizeGiB: data.sizeGiB };
        run(
          () => (purpose === "change" ? changeDesktopSize({ desktopId: view.desktopId, target }) : requestDesktopSize({ desktopId: view.desktopId, target, reason: data.reason })),
          (result) => {
            router.refresh();
            if (purpose === "change" || ("status" in result && result.status === "QUEUED")) return "Sent to AWS. The desktop shows the change when AWS has made it.";
            return "Your request was sent for approval.";
          },
        );
      }}
    >
      <fieldset className="flex flex-wrap gap-4">
        <legend className="mb-1 text-sm font-medium">{purpose === "change" ? "Change" : "Ask for"}</legend>
        {(
          [
            ["COMPUTE", "A different compute type"],
            ["ROOT_VOLUME", "A bigger root volume"],
            ["USER_VOLUME", "A bigger user volume"],
          ] as const
        ).map(([k, label]) => (
          <label key={k} className="flex items-center gap-2 text-sm">
            <input type="radio" name={`${prefix}-kind`} value={k} checked={kind === k} onChange={() => setKind(k)} />
            {label}
          </label>
        ))}
      </fieldset>
      {kind === "COMPUTE" ? (
        <Field id={`${prefix}-compute`} label="New compute type" error={errors["target.computeType"]}>
          <select
            id={`${prefix}-compute`}
            value={computeType}
            onChange={(e) => setComputeType(e.target.value)}
            className={`${inputClass} max-w-sm`}
            aria-invalid={Boolean(errors["target.computeType"])}
          >
            {view.choices.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </select>
        </Field>
      ) : (
        <Field
          id={`${prefix}-size`}
          label={`New ${kind === "ROOT_VOLUME" ? "root" : "user"} volume size in GB`}
          hint={`Now ${kind === "ROOT_VOLUME" ? view.rootVolumeGiB : view.userVolumeGiB} GB. AWS only increases volumes: root 80 GB with user 10, 50 or 100 GB, or root 175 to 2,000 GB with user 100 to 2,000 GB.`}
          error={errors["target.sizeGiB"]}
        >
          <input
            key={kind}
            id={`${prefix}-size`}
            name="sizeGiB"
            type="number"
            inputMode="numeric"
            min={1}
            max={2000}
            defaultValue={kind === "ROOT_VOLUME" ? Math.max(175, view.rootVolumeGiB + 1) : Math.max(100, view.userVolumeGiB + 1)}
            className={`${inputClass} max-w-32`}
            aria-invalid={Boolean(errors["target.sizeGiB"])}
            aria-describedby={`${prefix}-size-hint`}
          />
        </Field>
      )}
      <p className="text-sm" data-testid="resize-cost">
        Cost change: {kind === "COMPUTE" ? (choice?.cost ?? "—") : view.volumeCostPerGiB}
      </p>
      {blocked && <p className="text-sm text-amber-800">{blocked}</p>}
      {purpose === "request" && (
        <p className="text-xs text-slate-500">
          {approval ? "This change costs more, so an approver decides it." : "A smaller compute type costs less: it goes to AWS without approval."}
        </p>
      )}
      {approval && (
        <Field id={`${prefix}-reason`} label="Why do you need it?" error={errors.reason}>
          <textarea id={`${prefix}-reason`} name="reason" rows={2} maxLength={REASON_MAX} className={inputClass} aria-invalid={Boolean(errors.reason)} />
        </Field>
      )}
      <Button type="submit" variant="secondary" pending={pending}>
        {purpose === "change" ? "Make the change" : approval ? "Send request" : "Make the change"}
      </Button>
      {message && (
        <p role={message.tone === "error" ? "alert" : "status"} className={`text-sm ${message.tone === "error" ? "text-red-700" : "text-emerald-700"}`}>
          {message.text}
        </p>
      )}
    </form>
  );
}

export function DecideSizeControls({ requestId }: { requestId: string }) {
  return <DecideRequestControls requestId={requestId} decide={decideSizeRequest} />;
}
