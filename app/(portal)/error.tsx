"use client";
import { Alert } from "@/components/alert";

export default function PortalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="space-y-4">
      <Alert tone="error">
        This page could not be loaded{error.digest ? ` (error id ${error.digest})` : ""}. Please try again.
      </Alert>
      <button type="button" onClick={reset} className="text-sm font-medium text-indigo-700 underline">
        Try again
      </button>
    </div>
  );
}
