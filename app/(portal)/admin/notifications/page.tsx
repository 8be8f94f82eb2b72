import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { getConfig } from "@/lib/config";
import { db } from "@/lib/db/client";
import { lastSmtpCheck } from "@/lib/notifications/smtp-check";
import { notificationQueue, noticeRoutes } from "@/lib/notifications/queries";
import { NoticeRoutes } from "@/lib/notifications/components/notice-routes";
import { NOTIFICATION_KINDS, NOTIFICATION_KIND_LIST, isAdminNotice } from "@/lib/notifications/kinds";
import { PageHeader } from "@/components/page-header";
import { Card } from "@/components/card";
import { Alert } from "@/components/alert";
import { DataTable } from "@/components/data-table";
import { StateBadge } from "@/components/state-badge";
import { Time } from "@/components/time";
import { plural } from "@/lib/plural";

export const metadata = { title: "Notifications" };
export const dynamic = "force-dynamic";

const ADMIN_NOTICE_KINDS = NOTIFICATION_KIND_LIST.filter(isAdminNotice);

export default async function NotificationsPage() {
  const user = await requireUser("/admin/notifications");
  if (!can(user, "notification.manage")) notFound();
  const [queue, routes] = await Promise.all([notificationQueue(), noticeRoutes()]);
  const smtp = getConfig().mail.smtp;
  const check = smtp ? await lastSmtpCheck(db, smtp) : null;
  return (
    <div className="space-y-6">
      <PageHeader
        title="Notifications"
        description={
          smtp
            ? `E-mail goes through the SMTP server ${smtp.host}:${smtp.port}.`
            : "No SMTP server is set (PORTAL_SMTP_HOST), so e-mail goes to the portal's own mailbox."
        }
        actions={
          <Link href="/admin/notifications/mailbox" className="font-medium text-indigo-700 underline">
            Open the mailbox
          </Link>
        }
      />
      {smtp && (
        <div data-testid="smtp-check">
          {!check ? (
            <p className="text-sm text-slate-600">The SMTP settings have not been checked yet: the worker checks them each time it starts.</p>
          ) : check.ok ? (
            <p className="text-sm text-slate-600">
              The SMTP settings work: the worker {check.message}, <Time iso={check.checkedAt.toISOString()} />.
            </p>
          ) : (
            <Alert tone="error">
              The SMTP settings did not work when the worker started (<Time iso={check.checkedAt.toISOString()} />): {check.message}. Mail waits in the queue below and is
              retried; correct the PORTAL_SMTP_ settings and restart the worker.
            </Alert>
          )}
        </div>
      )}
      <Card title="Not sent yet">
        {queue.length === 0 ? (
          <p className="text-sm text-slate-600" data-testid="queue-empty">
            Every notification has been sent.
          </p>
        ) : (
          <div className="space-y-2">
            <p className="text-sm text-slate-600">{plural(queue.length, "notification")} waiting or failed. Failed ones are not tried again.</p>
            <DataTable caption="Notifications not sent" columns={["To", "Subject", "Status", "Tries", "Reason", "Queued"]}>
              {queue.map((n) => (
                <tr key={n.id} data-notification={n.id}>
                  <td className="px-3 py-2 break-all">{n.recipient}</td>
                  <td className="px-3 py-2 break-words">{n.subject}</td>
                  <td className="px-3 py-2">
                    <StateBadge state={n.status} label={n.status === "FAILED" ? "Failed" : n.status === "SENDING" ? "Sending" : "Queued"} />
                  </td>
                  <td className="px-3 py-2">{n.attempts}</td>
                  <td className="px-3 py-2 break-words">
                    {n.lastError ? (
                      <>
                        <span className="font-mono text-xs">{n.lastErrorCode}</span> {n.lastError}
                      </>
                    ) : (
                      "—"
                    )}
                  </td>
                  <td className="px-3 py-2">
                    <Time iso={n.createdAt.toISOString()} />
                  </td>
                </tr>
              ))}
            </DataTable>
          </div>
        )}
      </Card>
      <Card title="Admin notices">
        <p className="text-sm text-slate-600">
          These notices go to every admin by e-mail (unless they turned that kind off on their account page), and also to the shared addresses and Slack or Microsoft Teams
          channels below:
        </p>
        <ul className="mb-3 ml-5 list-disc text-sm text-slate-600">
          {ADMIN_NOTICE_KINDS.map((kind) => (
            <li key={kind}>{NOTIFICATION_KINDS[kind].label}</li>
          ))}
        </ul>
        <NoticeRoutes routes={routes} />
      </Card>
    </div>
  );
}
