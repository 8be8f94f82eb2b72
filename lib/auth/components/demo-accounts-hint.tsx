import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_SECRET } from "@/prisma/demo-accounts";

// Shown only in the embedded demo (config.seedDemo): these accounts and their shared
// password exist only there, and naming them anywhere else would help nobody but an attacker.
export function DemoAccountsHint() {
  return (
    <section aria-labelledby="demo-accounts" className="rounded-lg bg-sky-50 p-4 text-sm text-sky-900 ring-1 ring-sky-200">
      <h2 id="demo-accounts" className="font-medium">
        Demo accounts
      </h2>
      <p className="mt-1">
        Password for all: <code className="rounded bg-white px-1 py-0.5 font-mono text-xs ring-1 ring-sky-200">{DEMO_PASSWORD}</code>
      </p>
      <ul className="mt-2 space-y-1">
        {DEMO_ACCOUNTS.map((account) => (
          <li key={account.email} className="flex flex-wrap items-baseline justify-between gap-x-3">
            <code className="font-mono text-xs break-all">{account.email}</code>
            <span className="text-xs text-sky-800">{account.role.toLowerCase()}</span>
          </li>
        ))}
      </ul>
      <p className="mt-2">
        The approver and the admin also enter a code from an authenticator app set up with the key{" "}
        <code className="break-all rounded bg-white px-1 py-0.5 font-mono text-xs ring-1 ring-sky-200">{DEMO_TOTP_SECRET}</code>.
      </p>
    </section>
  );
}
