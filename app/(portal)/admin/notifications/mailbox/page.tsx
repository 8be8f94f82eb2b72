import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { mailbox } from "@/lib/notifications/queries";
import { PageHeader } from "@/components/page-header";
import { EmptyState } from "@/components/empty-state";
import { Time } from "@/components/time";
import { plural } from "@/lib/plural";

export const metadata = { title: "Mailbox" };
export const dynamic = "force-dynamic";

// The embedded default's mailbox: e-mail the portal sent while no SMTP server is configured.
export default async function MailboxPage({ searchParams }: { searchParams: Promise<{ to?: string }> }) {
  const user = await requireUser("/admin/notifications/mailbox");
  if (!can(user, "notification.manage")) notFound();
  const to = (await searchParams).to?.trim().slice(0, 320) || undefined;
  const messages = await mailbox(undefined, { to });
  return (
    <div className="space-y-4">
      <PageHeader
        title="Mailbox"
        description="E-mail the portal sent while no SMTP server is set. Newest first."
        actions={
          <Link href="/admin/notifications" className="font-medium text-indigo-700 underline">
            Notifications
          </Link>
        }
      />
      <form className="flex flex-wrap items-end gap-2" role="search" aria-label="Mailbox">
        <label className="text-sm">
          <span className="block font-medium text-slate-800">To</span>
          <input name="to" type="email" defaultValue={to} placeholder="alice@example.com" className="rounded-md px-3 py-2 text-sm ring-1 ring-slate-300" />
        </label>
        <button type="submit" className="rounded-md bg-white px-3 py-2 text-sm font-medium ring-1 ring-slate-300">
          Show
        </button>
      </form>
      {messages.length === 0 ? (
        <EmptyState title="No messages">{to ? `Nothing was sent to ${to}.` : "The portal has sent no e-mail yet."}</EmptyState>
      ) : (
        <>
          <p className="text-sm text-slate-600">{plural(messages.length, "message")}</p>
          <ul className="space-y-2" aria-label="Messages">
            {messages.map((m) => (
              <li key={m.id} className="rounded-lg bg-white shadow-sm ring-1 ring-slate-200" data-message-to={m.to}>
                <details>
                  <summary className="cursor-pointer px-4 py-3 text-sm">
                    <span className="font-medium">{m.subject}</span>
                    <span className="block text-xs text-slate-500">
                      To {m.to} · <Time iso={m.receivedAt.toISOString()} />
                    </span>
                  </summary>
                  <div className="border-t border-slate-100 px-4 py-3">
                    <p className="mb-2 text-xs text-slate-500">From {m.from}</p>
                    <pre className="whitespace-pre-wrap break-words font-sans text-sm">{m.text}</pre>
                  </div>
                </details>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
