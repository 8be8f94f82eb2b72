import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";

export const UNKNOWN_ADDRESS = "unknown";

/**
 * The client's address as the portal's own HTTP server (scripts/start.ts) worked it out, set on
 * every request and replacing whatever the client sent under that name. Next.js keeps a client's
 * X-Forwarded-For as it came and exposes no socket address to routes, actions or the proxy.
 */
export const CLIENT_ADDRESS_HEADER = "x-portal-client-address";

// Set once the portal's server stamps requests (shared with Next's bundle through globalThis).
// Without it the header could have come from the client (`next start` run by hand), so it is ignored.
const STAMPING = Symbol.for("workspaces-portal.client-address-stamping");
type StampingFlag = { [STAMPING]?: boolean };

type HeaderSource = Pick<Headers, "get">;

/**
 * Who is asking, for the sign-in limits and the audit trail: the address stamped by the portal's
 * server, else "unknown" (only the per-account limit applies then). Never a header the client
 * chose: security review item 2.
 */
export function clientAddressFrom(headers: HeaderSource): string {
  if (!(globalThis as StampingFlag)[STAMPING]) return UNKNOWN_ADDRESS;
  return cleanAddress(headers.get(CLIENT_ADDRESS_HEADER)) ?? UNKNOWN_ADDRESS;
}

/**
 * For the portal's HTTP server, before Next.js sees the request: works out the client's address
 * (resolveClientAddress) and puts it in CLIENT_ADDRESS_HEADER, overwriting any value sent.
 */
export function stampClientAddress(request: Pick<IncomingMessage, "headers" | "socket">, trustedProxyHops: number): void {
  (globalThis as StampingFlag)[STAMPING] = true;
  request.headers[CLIENT_ADDRESS_HEADER] = resolveClientAddress(request.socket.remoteAddress, request.headers["x-forwarded-for"], trustedProxyHops);
  // With no proxy in front, forwarded host and scheme can only be the client's words: Next's
  // server-action origin check would trust X-Forwarded-Host over Host, and the CSP sends HSTS for
  // X-Forwarded-Proto: https.
  if (trustedProxyHops <= 0) {
    delete request.headers["x-forwarded-host"];
    delete request.headers["x-forwarded-proto"];
  }
}

/**
 * The client's address from the connection. With no trusted proxy (the default), the socket's
 * peer, whatever X-Forwarded-For says. With N trusted proxies in front, each of which appends the
 * address it saw, the Nth entry from the right of X-Forwarded-For: entries further left are the
 * client's own words. An entry that is not an address gives the socket's peer (the nearest
 * proxy), so garbage never switches the per-address limit off.
 */
export function resolveClientAddress(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, trustedProxyHops: number): string {
  const peer = cleanAddress(socketAddress);
  if (trustedProxyHops <= 0) return peer ?? UNKNOWN_ADDRESS;
  const forwarded = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? ""))
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  // Fewer entries than proxies: the request skipped one; the leftmost is the furthest anyone vouches for.
  const chain = [...forwarded, socketAddress ?? ""];
  const picked = chain[Math.max(0, chain.length - 1 - trustedProxyHops)];
  return cleanAddress(picked) ?? peer ?? UNKNOWN_ADDRESS;
}

function cleanAddress(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let value = raw.trim();
  // "[2001:db8::1]:443" and "203.0.113.7:51234" (some proxies add the port).
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) value = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(":"));
  if (value.toLowerCase().startsWith("::ffff:") && isIP(value.slice(7)) === 4) value = value.slice(7);
  // Only real addresses: the value is stored in the audit trail and used as a key.
  return isIP(value) ? value.toLowerCase() : null;
}

/**
 * The rate-limit bucket for an address: IPv4 as is, IPv6 by its /64 network,
 * since one client normally holds a whole /64 and could rotate through it.
 */
export function addressBucket(address: string): string | null {
  if (address === UNKNOWN_ADDRESS) return null;
  const kind = isIP(address);
  if (kind === 4) return address;
  if (kind !== 6) return null;
  return `${expandIPv6(address).slice(0, 4).join(":")}::/64`;
}

function expandIPv6(address: string): string[] {
  let text = address.toLowerCase().split("%")[0];
  // A trailing embedded IPv4 ("::ffff:1.2.3.4", "64:ff9b::1.2.3.4") becomes two groups.
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number);
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, null];
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = tail === null ? headGroups : [...headGroups, ...Array(missing).fill("0"), ...tailGroups];
  return groups.map((group) => (parseInt(group || "0", 16) || 0).toString(16));
}
