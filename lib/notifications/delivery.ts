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

export async function sendEmail(smtp: SmtpConfig, mail: EmailToSend): Promise<Delivery> {
  const transport = nodemailer.createTransport({
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
  try {
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
    const e = (error ?? {}) as SmtpError;
    const where = `${smtp.host}:${smtp.port}`;
    if (e.responseCode) {
      return { ok: false, code: `SMTP ${e.responseCode}`, message: `The SMTP server ${where} refused${e.command ? ` ${e.command}` : ""}: ${e.response ?? e.message}` };
    }
    return { ok: false, code: e.code ?? "SmtpError", message: `Could not send through the SMTP server ${where}: ${e.message ?? String(error)}` };
  } finally {
    transport.close();
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
