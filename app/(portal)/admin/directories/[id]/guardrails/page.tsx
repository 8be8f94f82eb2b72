import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { findDirectoryName, loadGuardrail } from "@/lib/guardrails/queries";
import { GuardrailForm } from "@/lib/guardrails/components/guardrail-form";
import { PageHeader } from "@/components/page-header";

export const metadata = { title: "Guardrails" };

export default async function GuardrailsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/admin/directories/${id}/guardrails`);
  if (!can(user, "directory.manage")) notFound();
  const directory = await findDirectoryName(id);
  if (!directory) notFound();
  const guardrail = await loadGuardrail(id);
  return (
    <div className="max-w-3xl space-y-4">
      <p className="text-sm">
        <Link href={`/admin/directories/${id}`} className="text-indigo-700 underline">
          ← {directory.name}
        </Link>
      </p>
      <PageHeader
        title={`Guardrails for ${directory.name}`}
        description="Rules for every new desktop in this directory, enforced on the request form, at approval, in bulk CSV uploads and by the worker just before AWS is asked to create it."
      />
      <GuardrailForm directoryId={id} guardrail={guardrail} />
    </div>
  );
}
