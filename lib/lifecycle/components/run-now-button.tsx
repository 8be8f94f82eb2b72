"use client";
import { useRouter } from "next/navigation";
import { Button } from "@/components/button";
import { ActionMessage } from "@/components/action-message";
import { useActionForm } from "@/components/use-action-form";
import { plural } from "@/lib/plural";
import { runLifecycleNow } from "../actions";

/** The worker runs the policies and leavers every few minutes; this runs them at once. */
export function RunNowButton() {
  const router = useRouter();
  const { run, pending, message } = useActionForm();
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button
        variant="secondary"
        pending={pending}
        onClick={() =>
          run(
            () => runLifecycleNow({}),
            (r) => {
              router.refresh();
              return `Done: ${plural(r.policies.warned, "owner")} warned, ${plural(r.policies.stopped + r.leavers.stopped, "stop")} and ${plural(r.policies.terminated + r.leavers.terminated, "termination")} queued.`;
            },
          )
        }
      >
        Run the policies now
      </Button>
      <ActionMessage message={message} />
    </div>
  );
}
