import { requireUser } from "@/lib/auth/session";
import { Card } from "@/components/card";
import { PageHeader } from "@/components/page-header";
import { Time } from "@/components/time";
import { plural } from "@/lib/plural";
import { getMfaStatus } from "@/lib/mfa/queries";
import { MfaCodeAction } from "@/lib/mfa/components/mfa-code-action";
import { MfaSetup } from "@/lib/mfa/components/mfa-setup";

export const metadata = { title: "Your account" };

export default async function AccountPage() {
  const user = await requireUser("/account");
  const mfa = await getMfaStatus(user);
  return (
    <>
      <PageHeader title="Your account" description={`${user.name}, ${user.email} (${user.role.toLowerCase()})`} />
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
    </>
  );
}
