// IPv4 CIDR arithmetic for the quick set-up form: the checks AWS makes on CreateVpc and CreateSubnet
// (block sizes /16 to /28, a subnet inside its VPC, subnets not overlapping), made before any call.

export interface Cidr {
  text: string;
  first: number;
  last: number;
  prefix: number;
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** The block, or null when the text is not an IPv4 CIDR whose address is the block's first one. */
export function parseCidr(text: string): Cidr | null {
  const m = CIDR.exec(text.trim());
  if (!m) return null;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return null;
  const address = ((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3];
  const size = 2 ** (32 - prefix);
  if (address % size !== 0) return null;
  return { text: text.trim(), first: address, last: address + size - 1, prefix };
}

export const overlaps = (a: Cidr, b: Cidr) => a.first <= b.last && b.first <= a.last;
export const contains = (outer: Cidr, inner: Cidr) => outer.first <= inner.first && inner.last <= outer.last;

/** AWS's allowed block sizes for VPCs and subnets. */
export const MIN_PREFIX = 16;
export const MAX_PREFIX = 28;
