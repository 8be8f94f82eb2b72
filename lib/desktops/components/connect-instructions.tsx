"use client";
import { useState } from "react";
import { CLIENTS_URL, WEB_CLIENT_URL } from "../client-links";

// AWS sends no invitation for directory users it did not create, so the portal tells users how to connect.

// Web access must be allowed for the directory, and AWS's web client does not stream Graphics bundles.
export function ConnectInstructions({
  registrationCode,
  userName,
  webAccess,
  computeType,
}: {
  registrationCode: string | null;
  userName: string;
  webAccess: boolean;
  computeType: string;
}) {
  const webAllowed = webAccess && !computeType.startsWith("GRAPHICS");
  const [copied, setCopied] = useState(false);
  return (
    <div className="space-y-4">
      <ol className="list-decimal space-y-3 pl-5 text-sm">
        <li>
          Install the{" "}
          <a href={CLIENTS_URL} target="_blank" rel="noreferrer" className="font-medium text-indigo-700 underline">
            Amazon WorkSpaces client
          </a>{" "}
          for Windows, macOS, Linux, iPad or Android.
        </li>
        <li>
          Enter the registration code:
          <div className="mt-1 flex flex-wrap items-center gap-2">
            <code data-testid="registration-code" className="rounded bg-slate-100 px-2 py-1 font-mono text-base">
              {registrationCode ?? "not available yet"}
            </code>
            {registrationCode && (
              <button
                type="button"
                className="text-xs font-medium text-indigo-700 underline"
                onClick={async () => {
                  await navigator.clipboard?.writeText(registrationCode);
                  setCopied(true);
                }}
              >
                {copied ? "Copied" : "Copy"}
              </button>
            )}
          </div>
        </li>
        <li>
          Sign in as <strong data-testid="directory-user">{userName}</strong> with your directory password.
        </li>
      </ol>
      {webAllowed ? (
        <p className="text-sm">
          No install possible?{" "}
          <a href={WEB_CLIENT_URL} target="_blank" rel="noreferrer" className="font-medium text-indigo-700 underline">
            Open it in your web browser
          </a>{" "}
          with the same registration code.
        </p>
      ) : (
        <p className="text-xs text-slate-500">
          {webAccess ? "Graphics desktops cannot be used from a web browser; use the client." : "Web browser access is not enabled for your directory."}
        </p>
      )}
    </div>
  );
}
