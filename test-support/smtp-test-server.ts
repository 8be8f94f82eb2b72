// A real SMTP server for the notification tests (the `smtp-server` library): STARTTLS with a
// certificate from a throwaway CA, AUTH required, and every message it accepted recorded. A
// message counts as delivered only once the server answered 250 to its DATA on a live connection,
// as with any MTA. Tests can refuse recipients and hold the answer to DATA (to kill a worker mid-send).

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { requireIntegrationProject } from "./project-guard";

export interface ReceivedMail {
  from: string;
  to: string[];
  user: string | undefined;
  /** The connection was upgraded with STARTTLS before the message. */
  secure: boolean;
  subject: string;
  messageId: string;
  text: string;
  raw: string;
}

export interface SmtpTestServer {
  port: number;
  caFile: string;
  user: string;
  password: string;
  received: ReceivedMail[];
  /** Every AUTH the server received, accepted or not: the user name and whether the connection was encrypted. */
  authAttempts: { user: string; secure: boolean }[];
  /** Answer RCPT TO with this (e.g. "550 5.7.1 Relaying denied"); null accepts. */
  refuseRecipients(answer: string | null): void;
  /** The next DATA is held (no answer) until release() is called. `arrived` resolves once it came,
   *  `closed` once its client's connection has closed (the server noticed the client gone). */
  holdNextData(): { arrived: Promise<void>; closed: Promise<void>; release: () => void };
  close(): Promise<void>;
}

function makeCertificates(dir: string) {
  const run = (args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  run(["req", "-x509", ...ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Portal test SMTP CA"]);
  run(["req", ...ec, "-keyout", "key.pem", "-out", "server.csr", "-subj", "/CN=localhost"]);
  fs.writeFileSync(path.join(dir, "san.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
  run(["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "cert.pem", "-days", "2", "-extfile", "san.ext"]);
}

/** Headers of a raw message, unfolded; the text/plain body, quoted-printable decoded. */
function parse(raw: string): { subject: string; messageId: string; text: string } {
  const header = (block: string, name: string) => block.replace(/\r?\n[ \t]+/g, " ").match(new RegExp(`^${name}:\\s*(.*)$`, "im"))?.[1]?.trim() ?? "";
  const head = raw.split(/\r?\n\r?\n/)[0];
  const parts = raw.split(/\r?\n--[^\r\n]+\r?\n/);
  const plain = parts.find((p) => /^content-type:\s*text\/plain/im.test(p.split(/\r?\n\r?\n/)[0])) ?? raw;
  const [partHead, ...body] = plain.split(/\r?\n\r?\n/);
  let text = body.join("\n\n").replace(/\r?\n--[^\r\n]*--\s*$/, "");
  if (/quoted-printable/i.test(header(partHead, "content-transfer-encoding"))) {
    text = Buffer.from(text.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8");
  }
  return { subject: header(head, "subject"), messageId: header(head, "message-id"), text: text.replace(/\r\n/g, "\n") };
}

export interface SmtpTestServerOptions {
  port?: number;
  /** A server that does not offer STARTTLS, and then takes AUTH in clear (as a misconfigured or
   *  downgraded one would): what a client must refuse to talk to when it requires TLS. */
  withoutStartTls?: boolean;
}

export async function startSmtpTestServer(options: SmtpTestServerOptions = {}): Promise<SmtpTestServer> {
  requireIntegrationProject("the SMTP test server");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-smtp-"));
  makeCertificates(dir);
  const user = "portal-mailer";
  const password = "smtp-test-password";
  const received: ReceivedMail[] = [];
  const authAttempts: { user: string; secure: boolean }[] = [];
  const closed = new Set<string>();
  let refusal: string | null = null;
  let hold: { arrived: () => void; released: Promise<void>; closedFor: (session: string) => void } | null = null;
  const closeWaiters = new Map<string, () => void>();

  const server = new SMTPServer({
    key: fs.readFileSync(path.join(dir, "key.pem")),
    cert: fs.readFileSync(path.join(dir, "cert.pem")),
    // AUTH only after STARTTLS (the library's default), and required.
    authMethods: ["PLAIN", "LOGIN"],
    ...(options.withoutStartTls ? { disabledCommands: ["STARTTLS"], allowInsecureAuth: true } : {}),
    logger: false,
    onAuth(auth, session, callback) {
      authAttempts.push({ user: auth.username ?? "", secure: session.secure });
      if (auth.username === user && auth.password === password) callback(null, { user });
      else callback(Object.assign(new Error("Invalid username or password"), { responseCode: 535 }));
    },
    onRcptTo(_address, _session, callback) {
      if (!refusal) return callback();
      const [code, ...words] = refusal.split(" ");
      callback(Object.assign(new Error(words.join(" ")), { responseCode: Number(code) }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", async () => {
        const current = hold;
        if (current) {
          hold = null;
          current.closedFor(session.id);
          current.arrived();
          await current.released;
        }
        // Gone before the answer: the client never heard 250, so the message was not taken.
        if (closed.has(session.id)) return callback(new Error("connection closed"));
        const raw = Buffer.concat(chunks).toString("utf8");
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          user: session.user,
          secure: session.secure,
          ...parse(raw),
          raw,
        });
        callback(null, "Message queued");
      });
    },
    onClose(session) {
      closed.add(session.id);
      closeWaiters.get(session.id)?.();
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    caFile: path.join(dir, "ca.pem"),
    user,
    password,
    received,
    authAttempts,
    refuseRecipients(answer) {
      refusal = answer;
    },
    holdNextData() {
      let release!: () => void;
      let arrived!: () => void;
      const released = new Promise<void>((r) => (release = r));
      const arrivedPromise = new Promise<void>((r) => (arrived = r));
      let closedResolve!: () => void;
      const closedPromise = new Promise<void>((r) => (closedResolve = r));
      const closedFor = (session: string) => (closed.has(session) ? closedResolve() : closeWaiters.set(session, closedResolve));
      hold = { arrived, released, closedFor };
      return { arrived: arrivedPromise, closed: closedPromise, release };
    },
    async close() {
      hold = null;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
