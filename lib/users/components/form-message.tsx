import type { FormMessage } from "@/components/use-action-form";

// The outcome line under a form: announced politely on success, as an alert on failure.
export function FormMessageLine({ message }: { message: FormMessage | null }) {
  if (!message) return null;
  return (
    <p role={message.tone === "error" ? "alert" : "status"} className={`text-sm ${message.tone === "error" ? "font-medium text-red-700" : "text-emerald-700"}`}>
      {message.text}
    </p>
  );
}
