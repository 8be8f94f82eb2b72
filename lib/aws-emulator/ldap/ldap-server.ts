/**
 * The emulator's LDAPS listener: one TLS port answering for every Active Simple AD and Managed AD
 * (chosen by the bind name and the search base), as their domain controllers would. Messages are
 * read and written with ldapts's BER reader and writer and parsed with its request classes, the
 * same code the portal's client side uses; what each operation does is in ldap-operations.ts.
 */
import type { AddressInfo } from "node:net";
import tls from "node:tls";
import {
  AddRequest,
  Attribute,
  BerReader,
  BerWriter,
  BindRequest,
  ModifyRequest,
  PagedResultsControl,
  PresenceFilter,
  SearchRequest,
  type Control,
} from "ldapts";
import type { EmulatorRuntime } from "../emulator-runtime";
import type { LdapCertificates } from "./ldap-certificates";
import type { LdapEntry } from "./directory-entries";
import { LdapError, MAX_PAGE_SIZE, NoAnswer, RESULT, add, bind, modify, remove, search, type LdapSession } from "./ldap-operations";

// ldapts 9.2 reads a presence filter's attribute ("(mail=*)") from the start of the whole message
// instead of the reader's position, so every "(x=*)" a client sends matched nothing (its client
// only writes filters; this server is what parses them). Read it where it is.
PresenceFilter.prototype.parseFilter = function parseFilter(this: PresenceFilter, reader: BerReader) {
  this.attribute = reader.remainingBuffer.subarray(0, reader.length).toString("utf8").toLowerCase();
  reader.offset += reader.length;
};

// LDAPv3 protocol operation tags (RFC 4511, APPLICATION n).
const OP = {
  bindRequest: 0x60,
  bindResponse: 0x61,
  unbindRequest: 0x42,
  searchRequest: 0x63,
  searchEntry: 0x64,
  searchDone: 0x65,
  modifyRequest: 0x66,
  modifyResponse: 0x67,
  addRequest: 0x68,
  addResponse: 0x69,
  deleteRequest: 0x4a,
  deleteResponse: 0x6b,
  modifyDnRequest: 0x6c,
  modifyDnResponse: 0x6d,
  compareRequest: 0x6e,
  compareResponse: 0x6f,
  abandonRequest: 0x50,
  extendedRequest: 0x77,
  extendedResponse: 0x78,
} as const;
const CONTROLS_TAG = 0xa0;
/** Requests larger than this are refused (a user with a long group list is a few kilobytes). */
const MAX_MESSAGE_BYTES = 1 << 20;

export interface RunningLdapServer {
  url: string;
  port: number;
  caPem: string;
  caFile?: string;
  close(): Promise<void>;
}

function result(messageId: number, tag: number, code: number, message = "", matchedDn = "", controls: Control[] = []): Buffer {
  const writer = new BerWriter();
  writer.startSequence();
  writer.writeInt(messageId);
  writer.startSequence(tag);
  writer.writeEnumeration(code);
  writer.writeString(matchedDn);
  writer.writeString(message);
  writer.endSequence();
  if (controls.length > 0) {
    writer.startSequence(CONTROLS_TAG);
    for (const control of controls) control.write(writer);
    writer.endSequence();
  }
  writer.endSequence();
  return writer.buffer;
}

function searchEntry(messageId: number, entry: LdapEntry, wanted: string[]): Buffer {
  const all = wanted.length === 0 || wanted.includes("*");
  const writer = new BerWriter();
  writer.startSequence();
  writer.writeInt(messageId);
  writer.startSequence(OP.searchEntry);
  writer.writeString(entry.dn);
  writer.startSequence();
  if (!wanted.includes("1.1")) {
    for (const [key, attribute] of entry.attributes) {
      if (!all && !wanted.includes(key)) continue;
      const values = attribute.values;
      const binary = values.some((v) => Buffer.isBuffer(v));
      new Attribute({ type: attribute.name, values: binary ? values.map((v) => (Buffer.isBuffer(v) ? v : Buffer.from(v))) : (values as string[]) }).write(writer);
    }
  }
  writer.endSequence();
  writer.endSequence();
  writer.endSequence();
  return writer.buffer;
}

/** The total length of the BER element at the start of `buffer`, or undefined while it is incomplete. */
function frameLength(buffer: Buffer): number | undefined {
  if (buffer.length < 2) return undefined;
  const first = buffer[1];
  if (first < 0x80) return 2 + first;
  const bytes = first & 0x7f;
  if (bytes === 0 || bytes > 4) return -1;
  if (buffer.length < 2 + bytes) return undefined;
  let length = 0;
  for (let i = 0; i < bytes; i++) length = length * 256 + buffer[2 + i];
  return 2 + bytes + length;
}

export async function startLdapServer(options: {
  runtime: EmulatorRuntime;
  certificates: LdapCertificates;
  port: number;
  host?: string;
  log?: (line: string) => void;
}): Promise<RunningLdapServer> {
  const { runtime, certificates } = options;
  const log = options.log ?? (() => {});
  const host = options.host ?? "127.0.0.1";

  const handle = (session: LdapSession, frame: Buffer, send: (b: Buffer) => void, end: () => void): void => {
    const reader = new BerReader(frame);
    reader.readSequence();
    const messageId = reader.readInt() ?? 0;
    const tag = reader.peek();
    const ctx = runtime.ctx;
    const responseTag: Record<number, number> = {
      [OP.bindRequest]: OP.bindResponse,
      [OP.searchRequest]: OP.searchDone,
      [OP.modifyRequest]: OP.modifyResponse,
      [OP.addRequest]: OP.addResponse,
      [OP.deleteRequest]: OP.deleteResponse,
      [OP.modifyDnRequest]: OP.modifyDnResponse,
      [OP.compareRequest]: OP.compareResponse,
      [OP.extendedRequest]: OP.extendedResponse,
    };
    if (tag === OP.unbindRequest) return end();
    if (tag === OP.abandonRequest) return;
    const answerTag = tag === null ? undefined : responseTag[tag];
    if (answerTag === undefined) {
      send(result(messageId, OP.extendedResponse, RESULT.protocolError, "Unknown protocol operation"));
      return end();
    }
    reader.readSequence();
    let controls: Control[] = [];
    try {
      switch (tag) {
        case OP.bindRequest: {
          const request = new BindRequest({ messageId });
          try {
            request.parse(reader, []);
          } catch {
            throw new LdapError(RESULT.authMethodNotSupported, "00002028: LdapErr: DSID-0C090202, comment: The server supports only simple binds over LDAPS here, data 0, v4563");
          }
          bind(ctx, session, request.dn, request.password);
          break;
        }
        case OP.searchRequest: {
          const request = new SearchRequest({ messageId, filter: new PresenceFilter({ attribute: "objectClass" }) });
          request.parse(reader, []);
          const paged = request.controls?.find((c): c is PagedResultsControl => c instanceof PagedResultsControl);
          const found = rootDse(session, request) ?? search(ctx, session, { baseDn: request.baseDN, scope: request.scope, filter: request.filter, sizeLimit: request.sizeLimit });
          if (paged?.value) {
            const cookie = paged.value.cookie;
            const offset = Buffer.isBuffer(cookie) && cookie.length === 4 ? cookie.readUInt32BE(0) : 0;
            const size = Math.min(paged.value.size || 0, MAX_PAGE_SIZE);
            const page = found.slice(offset, offset + size);
            for (const entry of page) send(searchEntry(messageId, entry, request.attributes));
            const next = offset + size < found.length && size > 0 ? Buffer.alloc(4) : Buffer.alloc(0);
            if (next.length) next.writeUInt32BE(offset + size);
            controls = [new PagedResultsControl({ value: { size: 0, cookie: next } })];
          } else {
            const limit = Math.min(request.sizeLimit > 0 ? request.sizeLimit : MAX_PAGE_SIZE, MAX_PAGE_SIZE);
            for (const entry of found.slice(0, limit)) send(searchEntry(messageId, entry, request.attributes));
            if (found.length > limit) throw new LdapError(RESULT.sizeLimitExceeded, "");
          }
          break;
        }
        case OP.addRequest: {
          const request = new AddRequest({ messageId, dn: "" });
          request.parse(reader, []);
          add(ctx, session, request.dn, request.attributes.map((a) => ({ type: a.type, buffers: a.parsedBuffers })));
          break;
        }
        case OP.modifyRequest: {
          const request = new ModifyRequest({ messageId });
          request.parse(reader, []);
          modify(
            ctx,
            session,
            request.dn,
            request.changes.map((c) => ({ operation: c.operation, attribute: { type: c.modification.type, buffers: c.modification.parsedBuffers } })),
          );
          break;
        }
        case OP.deleteRequest: {
          // DelRequest is a bare LDAPDN (primitive): its bytes are the DN.
          remove(ctx, session, frame.subarray(reader.offset, reader.offset + reader.length).toString("utf8"));
          break;
        }
        default:
          throw new LdapError(RESULT.unwillingToPerform, "00002035: LdapErr: DSID-0C0910F2, comment: The emulator does not perform this operation, data 0, v4563");
      }
      runtime.commit();
      send(result(messageId, answerTag, RESULT.success, "", "", controls));
    } catch (error) {
      // Durable before answering, failures too (a wrong password counts towards lockout).
      runtime.commit();
      if (error instanceof NoAnswer) throw error;
      if (error instanceof LdapError) {
        send(result(messageId, answerTag, error.code, error.message, error.matchedDn, controls));
        return;
      }
      log(`LDAP: internal error: ${(error as Error)?.stack ?? String(error)}`);
      send(result(messageId, answerTag, RESULT.protocolError, `00000057: LdapErr: DSID-0C090C5E, comment: Error decoding ldap message, data 0, v4563`));
    }
  };

  const server = tls.createServer({ key: certificates.keyPem, cert: certificates.certPem, minVersion: "TLSv1.2" }, (socket) => {
    const session: LdapSession = {};
    socket.setNoDelay(true);
    let pending: Buffer = Buffer.alloc(0);
    socket.on("error", () => socket.destroy());
    socket.on("data", (chunk: Buffer) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      for (;;) {
        const length = frameLength(pending);
        if (length === undefined || (length > 0 && pending.length < length && length <= MAX_MESSAGE_BYTES)) return;
        if (length < 0 || length > MAX_MESSAGE_BYTES || pending[0] !== 0x30) {
          socket.destroy();
          return;
        }
        const frame = pending.subarray(0, length);
        pending = pending.subarray(length);
        // One write per request (entries and result together): no small-packet delays between them.
        const out: Buffer[] = [];
        let ending = false;
        try {
          handle(session, frame, (b) => out.push(b), () => (ending = true));
          if (out.length > 0) socket.write(out.length === 1 ? out[0] : Buffer.concat(out));
          if (ending) socket.end();
        } catch (error) {
          // AD Connector: its users live on premises, so nothing here answers for it.
          if (!(error instanceof NoAnswer)) log(`LDAP: ${(error as Error)?.message ?? String(error)}`);
          socket.destroy();
          return;
        }
        if (socket.destroyed || !socket.writable) return;
      }
    });
  });
  server.on("tlsClientError", () => {});
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const sockets = new Set<tls.TLSSocket>();
  server.on("secureConnection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  let closed: Promise<void> | undefined;
  return {
    url: `ldaps://${host}:${port}`,
    port,
    caPem: certificates.caPem,
    caFile: certificates.caFile,
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      })),
  };
}

/** The root DSE (base "" scope base), which AD answers before any bind. */
function rootDse(session: LdapSession, request: SearchRequest): LdapEntry[] | undefined {
  if (request.baseDN !== "" || request.scope !== "base") return undefined;
  const attributes = new Map<string, { name: string; values: string[] }>();
  const set = (name: string, values: string[]) => attributes.set(name.toLowerCase(), { name, values });
  set("supportedLDAPVersion", ["3"]);
  set("supportedControl", ["1.2.840.113556.1.4.319"]);
  set("supportedSASLMechanisms", []);
  set("vendorName", ["AWS emulator (WorkSpaces Portal)"]);
  void session;
  return [{ dn: "", kind: "container", attributes }];
}
