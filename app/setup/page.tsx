import Link from "next/link";
import { Alert } from "@/components/alert";
import { getSetupLinkState } from "@/lib/users/queries";
import { SETUP_LINK_MESSAGES } from "@/lib/users/first-admin";
import { FirstAdminForm } from "@/lib/users/components/first-admin-form";

// The page of the one-time setup link that start-up prints when the portal has no admin.
// No sign-in: the link is the credential. The token never leaves this page in a Referer header.
export const metadata = { title: "Set up the portal", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

export default async function SetupPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = (await searchParams).token;
  const token = (Array.isArray(raw) ? raw[0] : raw) ?? "";
  const state = await getSetupLinkState(token.slice(0, 200));

  return (
    <main className="flex min-h-screen items-start justify-center px-4 py-10 sm:items-center sm:py-16">
      <div className="w-full max-w-sm space-y-6">
        <div className="text-center">
          <p className="font-semibold text-indigo-700">WorkSpaces Portal</p>
          <h1 className="mt-2 text-2xl font-semibold tracking-tight">Create the first admin</h1>
          <p className="mt-1 text-sm text-slate-600">The portal has no admin yet. The account you create here manages users, roles and the fleet.</p>
        </div>
        <div className="rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200 sm:p-6">
          {state === "valid" ? (
            <FirstAdminForm token={token} />
          ) : (
            <div className="space-y-4">
              <Alert tone="warning">{SETUP_LINK_MESSAGES[state]}</Alert>
              <Link href="/sign-in" className="text-sm font-medium text-indigo-700 underline">
                Go to sign-in
              </Link>
            </div>
          )}
        </div>
      </div>
    </main>
  );
}
