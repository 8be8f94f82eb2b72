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
