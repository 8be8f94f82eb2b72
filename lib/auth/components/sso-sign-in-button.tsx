"use client";
import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import { useActionForm } from "@/components/use-action-form";
import { signInWithSso } from "../actions";

/** "Sign in with <provider>": the action redirects to the OpenID provider. */
export function SsoSignInButton({ providerName, callbackUrl }: { providerName: string; callbackUrl: string }) {
  const { run, pending, message } = useActionForm();
  return (
    <form
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        run(() => signInWithSso({ callbackUrl }));
      }}
    >
      {message && <Alert tone="error">{message.text}</Alert>}
      <Button type="submit" variant="secondary" pending={pending} className="w-full py-2.5">
        {pending ? `Going to ${providerName}…` : `Sign in with ${providerName}`}
      </Button>
    </form>
  );
}
