import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { PageHeader } from "@/components/page-header";
import { Card } from "@/components/card";
import { Alert } from "@/components/alert";
import { loadQuickSetupChoices } from "@/lib/directories/quick-setup/queries";
import { QuickSetupForm } from "@/lib/directories/quick-setup/components/quick-setup-form";

export const metadata = { title: "Quick set-up" };
export const dynamic = "force-dynamic";

export default async function QuickSetupPage() {
  const user = await requireUser("/admin/directories/quick-setup");
  if (!can(user, "directory.create")) notFound();
  const choices = await loadQuickSetupChoices();
  return (
    <div className="space-y-6">
      <PageHeader
        title="Quick set-up"
        description="One form for what WorkSpaces needs in an empty account: a network, a Simple AD registered with WorkSpaces, and first desktops. You see the plan before anything is created."
      />
      <Card>{choices.ok ? <QuickSetupForm choices={choices} /> : <Alert tone="error">{choices.message}</Alert>}</Card>
    </div>
  );
}
