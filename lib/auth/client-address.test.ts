import { describe, expect, it } from "vitest";
import { addressBucket, clientAddressFrom, UNKNOWN_ADDRESS } from "./client-address";

const from = (headers: Record<string, string>) => clientAddressFrom(new Headers(headers));

describe("clientAddressFrom", () => {
  it("takes the first hop of X-Forwarded-For", () => {
    expect(from({ "x-forwarded-for": "203.0.113.7, 10.0.0.1, 10.0.0.2" })).toBe("203.0.113.7");
    expect(from({ "x-forwarded-for": " 198.51.100.4 " })).toBe("198.51.100.4");
  });

  it("falls back to X-Real-IP, then to unknown", () => {
    expect(from({ "x-real-ip": "198.51.100.9" })).toBe("198.51.100.9");
    expect(from({ "x-forwarded-for": "", "x-real-ip": "198.51.100.9" })).toBe("198.51.100.9");
    expect(from({})).toBe(UNKNOWN_ADDRESS);
  });

  it("accepts IPv6, bracketed forms, ports and IPv4-mapped IPv6", () => {
    expect(from({ "x-forwarded-for": "2001:DB8::1" })).toBe("2001:db8::1");
    expect(from({ "x-forwarded-for": "[2001:db8::1]:443" })).toBe("2001:db8::1");
    expect(from({ "x-forwarded-for": "203.0.113.7:51234" })).toBe("203.0.113.7");
    expect(from({ "x-forwarded-for": "::ffff:203.0.113.7" })).toBe("203.0.113.7");
  });

  it("ignores values that are not addresses (they end up in the audit trail)", () => {
    expect(from({ "x-forwarded-for": "<script>alert(1)</script>" })).toBe(UNKNOWN_ADDRESS);
    expect(from({ "x-forwarded-for": "unknown, 203.0.113.7" })).toBe(UNKNOWN_ADDRESS);
    expect(from({ "x-forwarded-for": "garbage", "x-real-ip": "198.51.100.9" })).toBe("198.51.100.9");
    expect(from({ "x-forwarded-for": "999.1.1.1" })).toBe(UNKNOWN_ADDRESS);
  });
});

describe("addressBucket", () => {
  it("keeps IPv4 as is", () => {
    expect(addressBucket("203.0.113.7")).toBe("203.0.113.7");
  });

  it("groups IPv6 by /64, whatever the notation", () => {
    const bucket = addressBucket("2001:db8:1:2::1");
    expect(bucket).toBe("2001:db8:1:2::/64");
    expect(addressBucket("2001:0db8:0001:0002:ffff:ffff:ffff:ffff")).toBe(bucket);
    expect(addressBucket("2001:db8:1:2:0:0:0:9")).toBe(bucket);
    expect(addressBucket("2001:db8:1:3::1")).not.toBe(bucket);
    expect(addressBucket("::1")).toBe("0:0:0:0::/64");
    expect(addressBucket("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(addressBucket("64:ff9b::203.0.113.7")).toBe("64:ff9b:0:0::/64");
  });

  it("has no bucket for an unknown address", () => {
    expect(addressBucket(UNKNOWN_ADDRESS)).toBeNull();
    expect(addressBucket("not-an-address")).toBeNull();
  });
});
