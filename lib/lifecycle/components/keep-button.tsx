"use client";
import { useRouter } from "next/navigation";
import { Button } from "@/components/button";
import { ActionMessage } from "@/components/action-message";
import { useActionForm } from "@/components/use-action-form";
import { keepDesktop } from "../actions";

export function KeepButton({ desktopId }: { desktopId: string }) {
  const router = useRouter();
  const { run, pending, message } = useActionForm();
  return (
    <div className="space-y-2">
      <Button pending={pending} onClick={() => run(() => keepDesktop({ desktopId }), () => (router.refresh(), "Kept. Nothing will happen to your desktop."))}>
        Keep my desktop
      </Button>
      <ActionMessage message={message} />
    </div>
  );
}
