"use client";
import { useRouter } from "next/navigation";
import { useActionForm } from "@/components/use-action-form";

/** useActionForm for a change the worker applies: `queued` refreshes the page and says so. */
export function useQueuedChange() {
  const router = useRouter();
  const form = useActionForm();
  const queued = () => {
    router.refresh();
    return "Change queued: the worker applies it in AWS.";
  };
  return { ...form, queued };
}
