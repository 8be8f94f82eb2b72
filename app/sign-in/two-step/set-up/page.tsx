import { redirect } from "next/navigation";
import { getSessionState, signInPath, signInStepPath } from "@/lib/auth/session";
import { safeCallbackPath } from "@/lib/auth/schema";
import { MfaSetup } from "@/lib/mfa/components/mfa-setup";
import { SignInStep } from "@/lib/mfa/components/sign-in-step";

export const metadata = { title: "Set up two-step verification" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

// Where a person whose role requires MFA, and who has none, is sent before anything else.
export default async function SetUpTwoStepPage({ searchParams }: { searchParams: SearchParams }) {
  const raw = (await searchParams).callbackUrl;
  const callbackUrl = safeCallbackPath(Array.isArray(raw) ? raw[0] : raw);
  const session = await getSessionState();
  if (!session) redirect(signInPath(callbackUrl));
  if (session.stage === "second-factor") redirect(signInStepPath("second-factor", callbackUrl));
  if (session.stage === "complete") redirect(callbackUrl);
  return (
    <SignInStep title="Set up two-step verification" email={session.user.email}>
      <div className="space-y-5">
        <p className="text-sm text-slate-700">
          Your role ({session.user.role.toLowerCase()}) requires two-step verification: after your password, you enter a code from an authenticator
          app on your phone. Set it up now to continue.
        </p>
        <MfaSetup continueTo={callbackUrl} continueLabel="Continue to the portal" />
      </div>
    </SignInStep>
  );
}
