import Link from "next/link";
import { redirect } from "next/navigation";
import { getConfig } from "@/lib/config";
import { getSessionState, signInStepPath } from "@/lib/auth/session";
import { safeCallbackPath } from "@/lib/auth/schema";
import { SignInForm } from "@/lib/auth/components/sign-in-form";
import { SsoSignInButton } from "@/lib/auth/components/sso-sign-in-button";
import { DemoAccountsHint } from "@/lib/auth/components/demo-accounts-hint";
import { signInErrorNotice } from "@/lib/auth/sign-in-errors";

export const metadata = { title: "Sign in" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(first(params.callbackUrl));
  const session = await getSessionState();
  if (session?.stage === "complete") redirect(callbackUrl);
  // Signed in with the first factor: the second (or setting it up) comes next, not the form again.
  if (session) redirect(signInStepPath(session.stage, callbackUrl));
  const { seedDemo, oidc } = getConfig();

  return (
    <main className="flex min-h-screen items-start justify-center px-4 py-10 sm:items-center sm:py-16">
      <div className="w-full max-w-sm space-y-6">
        <div className="text-center">
          <p className="font-semibold text-indigo-700">WorkSpaces Portal</p>
          <h1 className="mt-2 text-2xl font-semibold tracking-tight">Sign in</h1>
          <p className="mt-1 text-sm text-slate-600">Request, approve and run your cloud desktops.</p>
        </div>
        <div className="rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200 sm:p-6">
          {oidc && (
            <div className="mb-5 space-y-5">
              <SsoSignInButton providerName={oidc.name} callbackUrl={callbackUrl} />
              <p className="flex items-center gap-3 text-xs text-slate-500 before:h-px before:flex-1 before:bg-slate-200 after:h-px after:flex-1 after:bg-slate-200">
                or with a portal password
              </p>
            </div>
          )}
          <SignInForm callbackUrl={callbackUrl} initialError={signInErrorNotice(first(params.error), first(params.code))} />
        </div>
        <p className="text-center text-sm text-slate-600">
          Trouble signing in?{" "}
          <Link href="/help" className="font-medium text-indigo-700 underline">
            Read the help
          </Link>
        </p>
        {seedDemo && <DemoAccountsHint />}
      </div>
    </main>
  );
}
