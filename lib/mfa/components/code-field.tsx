import { Field, inputClass } from "@/components/field";

// 16px text on phones: iOS zooms into any smaller input when it gets focus.
const codeInputClass = inputClass.replace("text-sm", "text-base sm:text-sm") + " font-mono tracking-wider";

/** The one field of every two-step form: a 6-digit code from the app, or (where allowed) a recovery code. */
export function CodeField({ id = "code", label, hint, error, recovery = false, autoFocus = false }: { id?: string; label: string; hint?: string; error?: string; recovery?: boolean; autoFocus?: boolean }) {
  const describedBy = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <input
        key={recovery ? "recovery" : "totp"}
        id={id}
        name="code"
        type="text"
        inputMode={recovery ? "text" : "numeric"}
        autoComplete={recovery ? "off" : "one-time-code"}
        autoCapitalize={recovery ? "characters" : "none"}
        spellCheck={false}
        required
        autoFocus={autoFocus}
        maxLength={recovery ? 24 : 8}
        aria-invalid={Boolean(error) || undefined}
        aria-describedby={describedBy}
        className={codeInputClass}
      />
    </Field>
  );
}
