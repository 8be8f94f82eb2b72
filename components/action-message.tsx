import type { FormMessage } from "./use-action-form";

/** An action's outcome under its button or form: announced, an error as an alert. */
export function ActionMessage({ message }: { message: FormMessage | null }) {
  if (!message) return null;
  return (
    <p role={message.tone === "error" ? "alert" : "status"} className={`text-sm ${message.tone === "error" ? "text-red-700" : "text-emerald-700"}`}>
      {message.text}
    </p>
  );
}
