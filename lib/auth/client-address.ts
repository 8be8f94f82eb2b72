import { isIP } from "node:net";

export const UNKNOWN_ADDRESS = "unknown";

type HeaderSource = Pick<Headers, "get">;

/**
 * The client's address as the nearest proxy reported it: the first hop of
 * X-Forwarded-For, else X-Real-IP, else "unknown". Next.js fills X-Forwarded-For
 * with the socket's address when no proxy did. Behind a proxy that appends rather
 * than overwrites, a client can choose the first hop: the per-address limit is then
 * a nuisance limit only, and the per-account limit is the one that protects.
 */
export function clientAddressFrom(headers: HeaderSource): string {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0];
  const candidate = cleanAddress(forwarded) ?? cleanAddress(headers.get("x-real-ip"));
  return candidate ?? UNKNOWN_ADDRESS;
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
