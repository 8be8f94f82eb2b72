/**
 * The emulated VPC network: subnets and private addresses for desktops. Addresses are handed out
 * round-robin per subnet, skipping ones in use and the five AWS reserves in every subnet.
 */
import type { EmulatorContext } from "./emulator-context";

function ipToInt(ip: string): number {
  return ip.split(".").reduce((acc, part) => acc * 256 + Number(part), 0);
}

function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

/** An IPv4 CIDR block of any size, or undefined when the text is not one (host bits must be zero). */
export function readCidr(cidr: string): { base: number; size: number; bits: number } | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const bits = Number(match[5]);
  if (octets.some((o) => o > 255) || bits > 32) return undefined;
  const size = 2 ** (32 - bits);
  const address = octets.reduce((acc, part) => acc * 256 + part, 0);
  return { base: Math.floor(address / size) * size, size, bits };
}

/** Whether two blocks share any address. */
export function cidrsOverlap(a: { base: number; size: number }, b: { base: number; size: number }): boolean {
  return a.base < b.base + b.size && b.base < a.base + a.size;
}

/** Whether `inner` lies entirely inside `outer`. */
export function cidrContains(outer: { base: number; size: number }, inner: { base: number; size: number }): boolean {
  return inner.base >= outer.base && inner.base + inner.size <= outer.base + outer.size;
}

export function parseCidr(cidr: string): { base: number; size: number } {
  const match = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(cidr);
  if (!match) throw new RangeError(`bad CIDR block "${cidr}"`);
  const bits = Number(match[2]);
  if (bits < 16 || bits > 28) throw new RangeError(`CIDR block "${cidr}" must be between /16 and /28`);
  const size = 2 ** (32 - bits);
  const base = Math.floor(ipToInt(match[1]) / size) * size;
  return { base, size };
}

/** A free address in the subnet, or undefined when it is full. */
export function allocateAddress(ctx: EmulatorContext, subnetId: string): string | undefined {
  const subnet = ctx.store.subnets.get(subnetId);
  if (!subnet) return undefined;
  const { base, size } = parseCidr(subnet.CidrBlock);
  // Hosts .0-.3 and the last address are reserved by AWS in every subnet.
  const first = 4;
  const count = size - 5;
  let cursor = ctx.store.meta.ipCursor[subnetId] ?? 0;
  for (let tries = 0; tries < count; tries++) {
    const ip = intToIp(base + first + (cursor % count));
    cursor = (cursor + 1) % count;
    if (!ctx.store.isIpUsed(ip)) {
      ctx.store.meta.ipCursor[subnetId] = cursor;
      ctx.store.touch("meta", "meta");
      return ip;
    }
  }
  return undefined;
}

/** Two addresses for a directory's domain controllers / connectors, one per subnet. */
export function controllerAddresses(ctx: EmulatorContext, subnetIds: string[]): string[] {
  return subnetIds.map((id) => {
    const ip = allocateAddress(ctx, id) ?? "0.0.0.0";
    ctx.store.reserveIp(ip);
    return ip;
  });
}
