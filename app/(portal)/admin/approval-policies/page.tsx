import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { approvalPoliciesPage } from "@/lib/approvals/queries";
import { PolicyEditor } from "@/lib/approvals/components/policy-editor";
import { PageHeader } from "@/components/page-header";

export const metadata = { title: "Approval policies" };

export default async function ApprovalPoliciesPage() {
  const user = await requireUser("/admin/approval-policies");
  if (!can(user, "approval.policy.manage")) notFound();
  const { rules, ...choices } = await approvalPoliciesPage();
  return (
    <div className="space-y-4">
      <PageHeader
        title="Approval policies"
        description="Rules tried in order when someone submits a request: the first that matches approves it automatically, sends it to one or two approval levels, or rejects it with a reason. No rule matching: any approver decides."
      />
      <PolicyEditor rules={rules} choices={choices} />
    </div>
  );
}
