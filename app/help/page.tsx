import Link from "next/link";
import { CLIENTS_URL, WEB_CLIENT_URL } from "@/lib/desktops/client-links";

// The same for everyone and readable before signing in (for "I cannot sign in"). Rendered per
// request like every page: its scripts carry the request's CSP nonce (proxy.ts).
export const metadata = { title: "Help" };

const QUESTIONS: { q: string; a: React.ReactNode }[] = [
  {
    q: "How do I get a desktop?",
    a: (
      <>
        Sign in, open <strong>My requests</strong> and choose <strong>Request a desktop</strong>. Pick Windows or Linux, a bundle and a billing
        mode; the form shows what each choice costs a month. An approver decides, and the desktop is usually ready about 20 minutes after
        approval. The request page follows each step.
      </>
    ),
  },
  {
    q: "How do I connect?",
    a: (
      <>
        Install the{" "}
        <a href={CLIENTS_URL} target="_blank" rel="noreferrer" className="font-medium text-indigo-700 underline">
          Amazon WorkSpaces client
        </a>{" "}
        (Windows, macOS, Linux, iPad, Android), enter the registration code shown on your desktop&apos;s page, and sign in with your
        directory user name and password. Where your administrator allows it, the{" "}
        <a href={WEB_CLIENT_URL} target="_blank" rel="noreferrer" className="font-medium text-indigo-700 underline">
          web client
        </a>{" "}
        works from a browser with the same code (not for Graphics desktops).
      </>
    ),
  },
  {
    q: "AutoStop or AlwaysOn?",
    a: (
      <>
        AutoStop bills a small monthly fee plus each hour the desktop runs, and stops it after the idle time you choose; it takes a minute
        or two to start again. AlwaysOn is one flat monthly price and is always ready. For a few hours a day AutoStop is cheaper; the
        request form shows where the two meet for your bundle.
      </>
    ),
  },
  {
    q: "My desktop does not respond",
    a: (
      <>
        On your desktop&apos;s page, choose <strong>Reboot</strong>. If it is stopped, choose <strong>Start</strong>. Rebuilding restores
        the system to its original image and your user volume (D: or /home) from its latest snapshot, so files saved in the last 12 hours
        may be lost; the page asks before doing it.
      </>
    ),
  },
  {
    q: "I cannot sign in",
    a: (
      <>
        Use your work e-mail address and the portal password you were given. The portal keeps its own password: it is not your
        directory (Windows) password, which you type only when you connect to the desktop itself. After five wrong passwords the account
        waits 15 minutes before it accepts another try; the sign-in page says how long. The portal cannot reset a forgotten password or
        re-enable an account: ask your IT service desk.
      </>
    ),
  },
];

export default function HelpPage() {
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-3xl items-center justify-between gap-4 px-4 py-3">
          <Link href="/" className="font-semibold text-indigo-700">
            WorkSpaces Portal
          </Link>
          <Link href="/" className="text-sm text-slate-600 underline-offset-2 hover:underline">
            Back to the portal
          </Link>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-3xl space-y-6 px-4 py-8">
        <h1 className="text-2xl font-semibold tracking-tight">Help</h1>
        {QUESTIONS.map(({ q, a }, i) => (
          <section key={q} aria-labelledby={`question-${i}`} className="rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
            <h2 id={`question-${i}`} className="font-semibold">
              {q}
            </h2>
            <p className="mt-2 text-sm leading-6 text-slate-700">{a}</p>
          </section>
        ))}
      </main>
    </div>
  );
}
