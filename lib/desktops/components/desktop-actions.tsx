"use client";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { useActionForm } from "@/components/use-action-form";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { resolveFailedCreate, runDesktopAction } from "../actions";
import type { DesktopAction, FailedCreateAction, Verdict } from "../rules";

type Props = {
  desktopId: string;
  userName: string;
  verdicts: Record<DesktopAction, Verdict>;
  permitted: Record<DesktopAction, boolean>;
  /** An action is in progress or the state is changing: a "requested" message waits for this to end. */
  busy: boolean;
  /** Set for a create that failed before AWS made the desktop: only retry and remove apply. */
  failedCreate?: { verdict: Verdict; permitted: Record<FailedCreateAction, boolean> } | null;
};

const reasonOf = (v: Verdict) => (v.allowed ? undefined : v.reason);

export function DesktopActions({ desktopId, userName, verdicts, permitted, busy, failedCreate }: Props) {
  const router = useRouter();
  const form = useActionForm();
  const { pending, message, setMessage } = form;
  // "Stop requested…" is true only until the desktop has worked on it: once the page has shown it
  // busy and then settled, the state badge tells the outcome and the message goes.
  const sawBusy = useRef(false);
  useEffect(() => {
    if (message?.tone !== "ok") return;
    if (busy) sawBusy.current = true;
    else if (sawBusy.current) setMessage(null);
  }, [busy, message, setMessage]);
  const requested = (action: DesktopAction) => {
    sawBusy.current = false;
    return `${action[0].toUpperCase()}${action.slice(1)} requested. The state above updates as AWS works on it.`;
  };

  // For the confirm dialogs, which show their own errors.
  const run = async (action: DesktopAction, confirmUserName?: string) => {
    const result = await runDesktopAction({ desktopId, action, confirmUserName });
    if (result.ok) {
      setMessage({ tone: "ok", text: requested(action) });
      router.refresh();
      return { ok: true as const };
    }
    return { ok: false as const, message: result.message };
  };

  const simple = (action: "reboot" | "start" | "stop", label: string) =>
    permitted[action] && (
      <Button
        key={action}
        type="button"
        variant="secondary"
        disabled={!verdicts[action].allowed}
        title={reasonOf(verdicts[action])}
        pending={pending}
        onClick={() =>
          form.run(
            () => runDesktopAction({ desktopId, action }),
            () => {
              router.refresh();
              return requested(action);
            },
          )
        }
      >
        {label}
      </Button>
    );

  if (failedCreate) return <FailedCreateActions desktopId={desktopId} {...failedCreate} />;

  const blocked = (["reboot", "start", "stop", "rebuild", "terminate"] as const).filter((a) => permitted[a] && !verdicts[a].allowed);

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2">
        {simple("reboot", "Reboot")}
        {simple("start", "Start")}
        {simple("stop", "Stop")}
        {permitted.rebuild && (
          <ConfirmDialog
            triggerLabel="Rebuild"
            title="Rebuild this desktop?"
            confirmLabel="Rebuild desktop"
            disabled={!verdicts.rebuild.allowed}
            disabledReason={reasonOf(verdicts.rebuild)}
            onConfirm={() => run("rebuild")}
          >
            <p>
              Rebuilding restores the system to its original image and the user volume from its latest snapshot.{" "}
              <strong>Files saved since the last snapshot (up to 12 hours) may be lost.</strong> The desktop is unavailable while it
              rebuilds.
            </p>
          </ConfirmDialog>
        )}
        {permitted.terminate && (
          <ConfirmDialog
            triggerLabel="Terminate"
            title="Terminate this desktop permanently?"
            confirmLabel="Terminate desktop"
            confirmText={userName}
            disabled={!verdicts.terminate.allowed}
            disabledReason={reasonOf(verdicts.terminate)}
            onConfirm={() => run("terminate", userName)}
          >
            <p>
              The desktop and <strong>all of its data are deleted</strong> and cannot be recovered.
            </p>
          </ConfirmDialog>
        )}
      </div>
      {blocked.length > 0 && (
        <ul className="space-y-0.5 text-xs text-slate-500">
          {[...new Set(blocked.map((a) => reasonOf(verdicts[a])))].map((reason) => (
            <li key={reason}>
              <span className="font-medium capitalize">{blocked.filter((a) => reasonOf(verdicts[a]) === reason).join(", ")}</span>: {reason}
            </li>
          ))}
        </ul>
      )}
      {message && (
        <p role={message.tone === "error" ? "alert" : "status"} className={`text-sm ${message.tone === "error" ? "text-red-700" : "text-emerald-700"}`}>
          {message.text}
        </p>
      )}
    </div>
  );
}

// Nothing exists in AWS: the create can be queued again, or the row closed (no AWS call).
function FailedCreateActions({ desktopId, verdict, permitted }: { desktopId: string } & NonNullable<Props["failedCreate"]>) {
  const router = useRouter();
  const form = useActionForm();
  const { pending, message, setMessage } = form;
  if (!permitted.retry && !permitted.remove) return null;

  // For the confirm dialog, which shows its own errors.
  const remove = async () => {
    const result = await resolveFailedCreate({ desktopId, action: "remove" });
    if (!result.ok) return { ok: false as const, message: result.message };
    setMessage({ tone: "ok", text: "The desktop was removed." });
    router.refresh();
    return { ok: true as const };
  };

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2">
        {permitted.retry && (
          <Button
            type="button"
            disabled={!verdict.allowed}
            title={reasonOf(verdict)}
            pending={pending}
            onClick={() =>
              form.run(
                () => resolveFailedCreate({ desktopId, action: "retry" }),
                () => {
                  router.refresh();
                  return "The create is queued again.";
                },
              )
            }
          >
            Retry create
          </Button>
        )}
        {permitted.remove && (
          <ConfirmDialog
            triggerLabel="Remove"
            title="Remove this desktop?"
            confirmLabel="Remove desktop"
            disabled={!verdict.allowed}
            disabledReason={reasonOf(verdict)}
            onConfirm={remove}
          >
            <p>AWS never created this desktop, so nothing is deleted there. The portal closes the row; its request and the audit trail keep the history.</p>
          </ConfirmDialog>
        )}
      </div>
      {!verdict.allowed && <p className="text-xs text-slate-500">{verdict.reason}</p>}
      {message && (
        <p role={message.tone === "error" ? "alert" : "status"} className={`text-sm ${message.tone === "error" ? "text-red-700" : "text-emerald-700"}`}>
          {message.text}
        </p>
      )}
    </div>
  );
}
