// What the worker's SEND_NOTIFICATION handler hands a message to: an SMTP server (nodemailer) or a
// chat webhook. Failures come back as values, in words an admin can act on; none is thrown.

import fs from "node:fs";
import tls from "node:tls";
import nodemailer from "nodemailer";
import type { SmtpConfig } from "@/lib/config";
import { chatPayload } from "./chat";

export type Delivery = { ok: true; detail: string } | { ok: false; code: string; message: string };

export interface EmailToSend {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  /** Stable across attempts: a resend after a crash (send-notification.ts) carries the same Message-ID, so mail systems can drop the copy. */
  messageId: string;
}

interface SmtpError {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  message?: string;
}

function smtpTransport(smtp: SmtpConfig) {
  return nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.security === "tls",
    // starttls: refuse a server that does not offer it, rather than send (and authenticate) in clear.
    requireTLS: smtp.security === "starttls",
    ignoreTLS: smtp.security === "none",
    auth: smtp.user !== undefined ? { user: smtp.user, pass: smtp.password ?? "" } : undefined,
    tls: smtp.caFile ? { ca: [...tls.rootCertificates, fs.readFileSync(smtp.caFile, "utf8")] } : undefined,
    // Well under the worker's lease: a hung server must not outlive the claim.
    connectionTimeout: smtp.timeoutMs,
    greetingTimeout: smtp.timeoutMs,
    socketTimeout: smtp.timeoutMs,
  });
}

/** An SMTP failure in words an admin can act on; never the password. */
function smtpFailure(smtp: SmtpConfig, error: unknown, doing: string): { ok: false; code: string; message: string } {
  const e = (error ?? {}) as SmtpError;
  const where = `${smtp.host}:${smtp.port}`;
  if (e.command === "STARTTLS") {
    return {
      ok: false,
      code: e.responseCode ? `SMTP ${e.responseCode}` : (e.code ?? "ETLS"),
      message: `The SMTP server ${where} does not offer STARTTLS, which PORTAL_SMTP_SECURITY=starttls requires; nothing was sent, and the password was not sent in clear (the server answered: ${e.response ?? e.message})`,
    };
  }
  if (e.responseCode) {
    return { ok: false, code: `SMTP ${e.responseCode}`, message: `The SMTP server ${where} refused${e.command ? ` ${e.command}` : ""}: ${e.response ?? e.message}` };
  }
  return { ok: false, code: e.code ?? "SmtpError", message: `Could not ${doing} the SMTP server ${where}: ${e.message ?? String(error)}` };
}

export async function sendEmail(smtp: SmtpConfig, mail: EmailToSend): Promise<Delivery> {
  let transport: ReturnType<typeof smtpTransport> | undefined;
  try {
    transport = smtpTransport(smtp);
    const info = await transport.sendMail({
      from: mail.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      ...(mail.html ? { html: mail.html } : {}),
      messageId: mail.messageId,
      headers: { "Auto-Submitted": "auto-generated" },
    });
    return { ok: true, detail: info.response };
  } catch (error) {
    return smtpFailure(smtp, error, "send through");
  } finally {
    transport?.close();
  }
}

/**
 * Connects, sets up TLS and signs in as the settings say, sending no message (nodemailer's verify):
 * the check at start, so that a wrong password or host shows before any mail waits on it.
 */
export async function verifySmtp(smtp: SmtpConfig): Promise<Delivery> {
  let transport: ReturnType<typeof smtpTransport> | undefined;
  try {
    transport = smtpTransport(smtp);
    await transport.verify();
    return { ok: true, detail: `connected to ${smtp.host}:${smtp.port}${smtp.user !== undefined ? ` and signed in as ${smtp.user}` : ""}` };
  } catch (error) {
    return smtpFailure(smtp, error, "connect to");
  } finally {
    transport?.close();
  }
}

export async function postToChat(format: "SLACK" | "TEAMS", url: string, message: { subject: string; text: string }, timeoutMs: number): Promise<Delivery> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(chatPayload(format, message)),
      // A webhook that redirects is misconfigured; following it could post elsewhere.
      redirect: "error",
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await response.text()).slice(0, 300);
    if (response.ok) return { ok: true, detail: `HTTP ${response.status}` };
    return { ok: false, code: `HTTP ${response.status}`, message: `The ${format === "SLACK" ? "Slack" : "Teams"} webhook answered ${response.status}: ${body || response.statusText}` };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { ok: false, code: cause ?? (error as Error).name ?? "WebhookError", message: `Could not post to the chat webhook: ${(error as Error).message}${cause ? ` (${cause})` : ""}` };
  }
}
