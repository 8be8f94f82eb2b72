import { redirect } from "next/navigation";
import { getSessionState, signInPath, signInStepPath } from "@/lib/auth/session";
import { safeCallbackPath } from "@/lib/auth/schema";
import { SignInStep } from "@/lib/mfa/components/sign-in-step";
import { TwoStepForm } from "@/lib/mfa/components/two-step-form";

export const metadata = { title: "Two-step verification" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function TwoStepPage({ searchParams }: { searchParams: SearchParams }) {
  const raw = (await searchParams).callbackUrl;
  const callbackUrl = safeCallbackPath(Array.isArray(raw) ? raw[0] : raw);
  const session = await getSessionState();
  if (!session) redirect(signInPath(callbackUrl));
  if (session.stage === "complete") redirect(callbackUrl);
  if (session.stage === "enrol-mfa") redirect(signInStepPath("enrol-mfa", callbackUrl));
  return (
    <SignInStep title="Two-step verification" email={session.user.email}>
      <TwoStepForm callbackUrl={callbackUrl} />
    </SignInStep>
  );
}
