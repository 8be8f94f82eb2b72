import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { getOwnAccount } from "@/lib/users/queries";
import { ROLE_LABEL, SOURCE_LABEL } from "@/lib/users/labels";
import { ChangePasswordForm } from "@/lib/users/components/change-password-form";
import { PageHeader } from "@/components/page-header";
import { Card } from "@/components/card";
import { Time } from "@/components/time";
import { plural } from "@/lib/plural";
import { getMfaStatus } from "@/lib/mfa/queries";
import { MfaCodeAction } from "@/lib/mfa/components/mfa-code-action";
import { MfaSetup } from "@/lib/mfa/components/mfa-setup";
import { NOTIFICATION_KINDS, kindsFor } from "@/lib/notifications/kinds";
import { mutedKinds } from "@/lib/notifications/queries";
import { PreferencesForm } from "@/lib/notifications/components/preferences-form";

export const metadata = { title: "Your account" };

export default async function AccountPage() {
  const user = await requireUser("/account");
  const [account, mfa, muted] = await Promise.all([getOwnAccount(user.id), getMfaStatus(user), mutedKinds(user.id)]);
  const kinds = kindsFor(user.role).map((kind) => ({ kind, label: NOTIFICATION_KINDS[kind].label, on: !muted.includes(kind) }));
  if (!account) throw new Error("The signed-in user has no account row");
  return (
    <div className="space-y-6">
      <PageHeader title="Your account" description={`${account.name} · ${account.email}`} />
      <Card title="Details">
        <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-3">
          <div>
            <dt className="text-slate-500">Role</dt>
            <dd>{ROLE_LABEL[account.role]}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Signs in with</dt>
            <dd>{account.source === "LOCAL" ? "A portal password" : SOURCE_LABEL[account.source]}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Directory user</dt>
            <dd>{account.directoryUserName ?? "—"}</dd>
          </div>
        </dl>
      </Card>
      <Card title="Two-step verification">
        <div className="space-y-5 text-sm">
          {mfa.enabledAt ? (
            <>
              <p data-testid="mfa-status">
                <strong>On</strong> since <Time iso={mfa.enabledAt.toISOString()} />. After your password you enter a code from your authenticator app.{" "}
                {plural(mfa.recoveryCodesLeft, "recovery code")} left.
              </p>
              <section aria-labelledby="new-codes-title" className="space-y-2">
                <h3 id="new-codes-title" className="font-medium">
                  New recovery codes
                </h3>
                <p className="text-slate-600">Makes ten new codes; the old ones stop working.</p>
                <MfaCodeAction kind="new-codes" />
              </section>
              {mfa.required ? (
                <p className="text-slate-600">Your role requires two-step verification, so it cannot be turned off. If you lose your phone, an administrator can reset it.</p>
              ) : (
                <section aria-labelledby="turn-off-title" className="space-y-2">
                  <h3 id="turn-off-title" className="font-medium">
                    Turn off
                  </h3>
                  <MfaCodeAction kind="turn-off" />
                </section>
              )}
            </>
          ) : (
            <>
              <p data-testid="mfa-status">
                <strong>Off</strong>. With two-step verification, signing in also takes a code from an authenticator app on your phone, so a stolen
                password is not enough.
              </p>
              <MfaSetup continueTo="/account" continueLabel="Done" />
            </>
          )}
        </div>
      </Card>
      {can(user, "notification.preferences") && (
        <Card title="Notifications">
          <PreferencesForm kinds={kinds} />
        </Card>
      )}
      <Card title="Password">
        {account.source === "LOCAL" && account.hasPassword && can(user, "account.password.change") ? (
          <ChangePasswordForm />
        ) : (
          <p className="text-sm text-slate-700">You sign in through your organisation&apos;s directory or single sign-on. Change your password there.</p>
        )}
      </Card>
    </div>
  );
}
