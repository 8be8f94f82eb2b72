"use client";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Field, inputClass } from "@/components/field";
import { useActionForm } from "@/components/use-action-form";
import type { Role } from "@/lib/db/generated/enums";
import { changeUserRole, endUserSessions, resetUserMfa, resetUserPassword, setRoleOverride, setUserDisabled } from "../actions";
import { ROLE_LABEL } from "../labels";
import { FormMessageLine } from "./form-message";

// The controls of the user page. The server refuses the same things these disable (one's own
// role, disabling oneself, resetting one's own password here); the reasons are shown for why.

type Target = { id: string; name: string };
const ROLES: Role[] = ["EMPLOYEE", "APPROVER", "ADMIN"];

const outcome = (result: { ok: true } | { ok: false; message: string }) => (result.ok ? { ok: true as const } : { ok: false as const, message: result.message });

function RoleSelect({ id, label, value, disabled, onChange, none }: { id: string; label: string; value: Role | ""; disabled: boolean; onChange: (role: Role | "") => void; none?: string }) {
  return (
    <Field id={id} label={label}>
      <select id={id} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value as Role | "")} className={inputClass}>
        {none && <option value="">{none}</option>}
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {ROLE_LABEL[r]}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** A local account's role. */
export function RoleControl({ user, role, self }: { user: Target; role: Role; self: boolean }) {
  const router = useRouter();
  const [chosen, setChosen] = useState<Role>(role);
  const [done, setDone] = useState<string | null>(null);
  const id = useId();
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-2">
        <RoleSelect id={`${id}-role`} label="Role" value={chosen} disabled={self} onChange={(v) => setChosen(v as Role)} />
        <ConfirmDialog
          triggerLabel="Change role"
          title={`Change ${user.name}'s role to ${ROLE_LABEL[chosen]}?`}
          confirmLabel="Change role"
          variant="primary"
          disabled={self || chosen === role}
          disabledReason={self ? "You cannot change your own role; another admin can." : "Choose a different role first."}
          onConfirm={async () => {
            const result = await changeUserRole({ userId: user.id, role: chosen });
            if (result.ok) {
              setDone(`Role changed to ${ROLE_LABEL[chosen]}.`);
              router.refresh();
            }
            return outcome(result);
          }}
        >
          The new role applies at their next click; their sessions end.
        </ConfirmDialog>
      </div>
      {self && <p className="text-sm text-slate-600">You cannot change your own role; another admin can.</p>}
      {done && <FormMessageLine message={{ tone: "ok", text: done }} />}
    </div>
  );
}

/** A directory or SSO account's role override. */
export function RoleOverrideControl({ user, override, groupRole, self }: { user: Target; override: Role | null; groupRole: Role; self: boolean }) {
  const router = useRouter();
  const [chosen, setChosen] = useState<Role | "">(override ?? "");
  const [done, setDone] = useState<string | null>(null);
  const id = useId();
  const label = chosen === "" ? `the groups' role (${ROLE_LABEL[groupRole]})` : ROLE_LABEL[chosen];
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-700" data-testid="role-override-status">
        {override ? (
          <>
            Override: <strong>{ROLE_LABEL[override]}</strong>, which overrides the groups&apos; role {ROLE_LABEL[groupRole]}.
          </>
        ) : (
          <>Role from groups: {ROLE_LABEL[groupRole]} (no override).</>
        )}
      </p>
      <div className="flex flex-wrap items-end gap-2">
        <RoleSelect
          id={`${id}-override`}
          label="Role override"
          value={chosen}
          disabled={self}
          onChange={(v) => setChosen(v)}
          none={`No override: the groups' role (${ROLE_LABEL[groupRole]})`}
        />
        <ConfirmDialog
          triggerLabel={chosen === "" ? "Clear override" : "Set override"}
          title={`Give ${user.name} ${label}?`}
          confirmLabel={chosen === "" ? "Clear override" : "Set override"}
          variant="primary"
          disabled={self || chosen === (override ?? "")}
          disabledReason={self ? "You cannot change your own role; another admin can." : "Choose a different role first."}
          onConfirm={async () => {
            const result = await setRoleOverride({ userId: user.id, role: chosen });
            if (result.ok) {
              setDone(chosen === "" ? "Override cleared." : `Override set to ${ROLE_LABEL[chosen]}.`);
              router.refresh();
            }
            return outcome(result);
          }}
        >
          It applies now and at every sign-in, whatever their groups say, until it is cleared.
        </ConfirmDialog>
      </div>
      {self && <p className="text-sm text-slate-600">You cannot change your own role; another admin can.</p>}
      {done && <FormMessageLine message={{ tone: "ok", text: done }} />}
    </div>
  );
}

export function DisableControl({ user, disabled, self }: { user: Target; disabled: boolean; self: boolean }) {
  const router = useRouter();
  const form = useActionForm();
  if (disabled) {
    return (
      <div className="space-y-2">
        <Button
          type="button"
          variant="secondary"
          pending={form.pending}
          onClick={() =>
            form.run(
              () => setUserDisabled({ userId: user.id, disabled: false }),
              () => {
                router.refresh();
                return "Account enabled.";
              },
            )
          }
        >
          Enable account
        </Button>
        <FormMessageLine message={form.message} />
      </div>
    );
  }
  return (
    <div className="space-y-2">
      <ConfirmDialog
        triggerLabel="Disable account"
        title={`Disable ${user.name}'s account?`}
        confirmLabel="Disable account"
        disabled={self}
        disabledReason="You cannot disable your own account."
        onConfirm={async () => {
          const result = await setUserDisabled({ userId: user.id, disabled: true });
          if (result.ok) {
            form.setMessage({ tone: "ok", text: "Account disabled." });
            router.refresh();
          }
          return outcome(result);
        }}
      >
        They are signed out and cannot sign in until an admin enables the account again. Their desktops keep running.
      </ConfirmDialog>
      {self && <p className="text-sm text-slate-600">You cannot disable your own account.</p>}
      <FormMessageLine message={form.message} />
    </div>
  );
}

/** An admin sets a new password on a local account: typed twice, or generated and shown once. */
export function PasswordResetControl({ user, self }: { user: Target; self: boolean }) {
  const [mode, setMode] = useState<"generate" | "type">("generate");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [generated, setGenerated] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const id = useId();
  if (self) return <p className="text-sm text-slate-600">Change your own password on your account page.</p>;
  return (
    <div className="space-y-3">
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium text-slate-800">New password</legend>
        {(
          [
            ["generate", "Generate one and show it to me once"],
            ["type", "Type one"],
          ] as const
        ).map(([value, text]) => (
          <label key={value} className="flex items-center gap-2 text-sm">
            <input type="radio" name={`${id}-mode`} value={value} checked={mode === value} onChange={() => setMode(value)} />
            {text}
          </label>
        ))}
      </fieldset>
      {mode === "type" && (
        <div className="grid gap-3 sm:grid-cols-2">
          <Field id={`${id}-password`} label="New password" hint="At least 12 characters." error={errors.password}>
            <input
              id={`${id}-password`}
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              aria-invalid={Boolean(errors.password) || undefined}
              aria-describedby={errors.password ? `${id}-password-error` : `${id}-password-hint`}
              className={inputClass}
            />
          </Field>
          <Field id={`${id}-confirm`} label="New password again" error={errors.confirm}>
            <input
              id={`${id}-confirm`}
              type="password"
              autoComplete="new-password"
              value={confirm}
              onChange={(e) => setConfirm(e.target.value)}
              aria-invalid={Boolean(errors.confirm) || undefined}
              aria-describedby={errors.confirm ? `${id}-confirm-error` : undefined}
              className={inputClass}
            />
          </Field>
        </div>
      )}
      <ConfirmDialog
        triggerLabel="Reset password"
        title={`Reset ${user.name}'s password?`}
        confirmLabel="Reset password"
        onConfirm={async () => {
          setGenerated(null);
          setDone(null);
          const result = await resetUserPassword(mode === "generate" ? { userId: user.id, mode } : { userId: user.id, mode, password, confirm });
          if (!result.ok) {
            setErrors(result.fieldErrors ?? {});
            // Field problems show at the fields once the dialog closes.
            return result.fieldErrors ? { ok: true as const } : { ok: false as const, message: result.message };
          }
          setErrors({});
          setPassword("");
          setConfirm("");
          if (result.generatedPassword) setGenerated(result.generatedPassword);
          else setDone("Password reset. Tell them the new password in person or by phone.");
          return { ok: true as const };
        }}
      >
        Their current password stops working at once and their sessions end.
      </ConfirmDialog>
      {generated && (
        <div role="status" className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-200">
          <p>New password, shown only this once. Hand it over in person or by phone:</p>
          <p className="mt-1 font-mono text-base break-all" data-testid="generated-password">
            {generated}
          </p>
        </div>
      )}
      {done && <FormMessageLine message={{ tone: "ok", text: done }} />}
    </div>
  );
}

export function EndSessionsControl({ user, count, self }: { user: Target; count: number; self: boolean }) {
  const router = useRouter();
  const form = useActionForm();
  return (
    <div className="space-y-2">
      <ConfirmDialog
        triggerLabel="End all sessions"
        title={`Sign ${user.name} out everywhere?`}
        confirmLabel="End all sessions"
        disabled={self || count === 0}
        disabledReason={self ? "Sign out to end your own session." : "There is no open session."}
        onConfirm={async () => {
          const result = await endUserSessions({ userId: user.id });
          if (result.ok) {
            form.setMessage({ tone: "ok", text: result.ended === 1 ? "1 session ended." : `${result.ended} sessions ended.` });
            router.refresh();
          }
          return outcome(result);
        }}
      >
        Their next click, in every browser, lands on the sign-in page. They can sign in again.
      </ConfirmDialog>
      {self && <p className="text-sm text-slate-600">Sign out to end your own session.</p>}
      <FormMessageLine message={form.message} />
    </div>
  );
}

export function MfaResetControl({ user, enabled, self }: { user: Target; enabled: boolean; self: boolean }) {
  const router = useRouter();
  const form = useActionForm();
  return (
    <div className="space-y-2">
      <ConfirmDialog
        triggerLabel="Reset two-step verification"
        title={`Reset ${user.name}'s two-step verification?`}
        confirmLabel="Reset two-step verification"
        disabled={self || !enabled}
        disabledReason={self ? "Change your own on your account page." : "It is not turned on."}
        onConfirm={async () => {
          const result = await resetUserMfa({ userId: user.id });
          if (result.ok) {
            form.setMessage({ tone: "ok", text: "Two-step verification reset; their sessions have ended." });
            router.refresh();
          }
          return outcome(result);
        }}
      >
        Their authenticator app and recovery codes stop working and they are signed out. At their next sign-in they set up a new app
        if their role requires it. Use this when they have lost their phone and their recovery codes.
      </ConfirmDialog>
      <FormMessageLine message={form.message} />
    </div>
  );
}
