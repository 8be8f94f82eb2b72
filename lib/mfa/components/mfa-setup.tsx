"use client";
import { useEffect, useMemo, useRef, useState } from "react";
import { Alert } from "@/components/alert";
import { Button, buttonClass } from "@/components/button";
import { ErrorSummary } from "@/components/error-summary";
import { useActionForm } from "@/components/use-action-form";
import { confirmMfaSetup, startMfaSetup } from "../actions";
import { CodeField } from "./code-field";
import { RecoveryCodes } from "./recovery-codes";

type Enrolment = { secret: string; qrSvg: string };

/**
 * Setting up an authenticator app: start (a new secret and its QR code), confirm with the first
 * code, then the recovery codes once. `continueTo` is where the last step leads.
 */
export function MfaSetup({ continueTo, continueLabel }: { continueTo: string; continueLabel: string }) {
  const { run, pending, fieldErrors, message } = useActionForm();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const scanHeading = useRef<HTMLHeadingElement>(null);
  const errors = useMemo(() => (message ? { code: message.text, ...fieldErrors } : fieldErrors), [message, fieldErrors]);
  useEffect(() => {
    if (enrolment && !codes) scanHeading.current?.focus();
  }, [enrolment, codes]);

  if (codes) {
    return (
      <div className="space-y-4">
        <Alert tone="success">Two-step verification is on.</Alert>
        <RecoveryCodes codes={codes} />
        <a href={continueTo} className={buttonClass("primary", "w-full sm:w-auto")}>
          {continueLabel}
        </a>
      </div>
    );
  }

  if (!enrolment) {
    return (
      <div className="space-y-3">
        {message && <Alert tone="error">{message.text}</Alert>}
        <Button type="button" pending={pending} onClick={() => run(() => startMfaSetup({}), (result) => void setEnrolment({ secret: result.secret, qrSvg: result.qrSvg }))}>
          Set up an authenticator app
        </Button>
      </div>
    );
  }

  return (
    <div className="space-y-5">
      <section aria-labelledby="scan-title" className="space-y-3">
        <h2 id="scan-title" ref={scanHeading} tabIndex={-1} className="font-semibold">
          1. Add the portal to your authenticator app
        </h2>
        <p className="text-sm text-slate-600">Scan the QR code with an app such as Microsoft Authenticator, Google Authenticator or 1Password, or type the key into it.</p>
        {/* The QR code is our own SVG, made on the server from the otpauth address. */}
        <img src={`data:image/svg+xml;utf8,${encodeURIComponent(enrolment.qrSvg)}`} alt="QR code for your authenticator app" width={180} height={180} className="rounded bg-white p-1 ring-1 ring-slate-200" />
        <p className="text-sm">
          Key:{" "}
          <code data-testid="totp-secret" className="break-all rounded bg-slate-100 px-1.5 py-0.5 font-mono text-sm">
            {enrolment.secret}
          </code>
        </p>
      </section>
      <form
        noValidate
        className="space-y-4"
        aria-labelledby="confirm-title"
        onSubmit={(e) => {
          e.preventDefault();
          const data = new FormData(e.currentTarget);
          run(() => confirmMfaSetup(data), (result) => void setCodes(result.recoveryCodes));
        }}
      >
        <h2 id="confirm-title" className="font-semibold">
          2. Enter the code the app shows
        </h2>
        <ErrorSummary errors={errors} order={["code"]} />
        <CodeField label="Authentication code" hint="6 digits; it changes every 30 seconds." error={errors.code} />
        <Button type="submit" pending={pending}>
          Turn on two-step verification
        </Button>
      </form>
      <button type="button" className="text-sm text-slate-600 underline underline-offset-2" onClick={() => setEnrolment(null)}>
        Start again with a new key
      </button>
    </div>
  );
}
