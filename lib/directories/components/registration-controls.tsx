"use client";
import { useRouter } from "next/navigation";
import { Button } from "@/components/button";
import { useActionForm } from "@/components/use-action-form";
import { ActionMessage } from "@/components/action-message";
import { deregisterDirectory, registerDirectory } from "../actions";

/** Register or deregister: the worker does it; the page shows "pending" until then. */
export function RegistrationControls({ directoryId, registered, disabled }: { directoryId: string; registered: boolean; disabled: boolean }) {
  const router = useRouter();
  const { run, pending, message } = useActionForm();
  const done = () => {
    router.refresh();
    return registered ? "Deregistration queued." : "Registration queued.";
  };
  return (
    <div className="space-y-1">
      {registered ? (
        <Button type="button" variant="secondary" pending={pending} disabled={disabled} onClick={() => run(() => deregisterDirectory({ directoryId }), done)}>
          Deregister from WorkSpaces
        </Button>
      ) : (
        <Button type="button" pending={pending} disabled={disabled} onClick={() => run(() => registerDirectory({ directoryId }), done)}>
          Register with WorkSpaces
        </Button>
      )}
      <ActionMessage message={message} />
    </div>
  );
}
