import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { getOwnAccount } from "@/lib/users/queries";
import { ROLE_LABEL, SOURCE_LABEL } from "@/lib/users/labels";
import { ChangePasswordForm } from "@/lib/users/components/change-password-form";
import { PageHeader } from "@/components/page-header";
import { Card } from "@/components/card";

export const metadata = { title: "Your account" };

export default async function AccountPage() {
  const user = await requireUser("/account");
  const account = (await getOwnAccount(user.id))!;
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
