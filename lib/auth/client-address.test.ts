import { describe, expect, it } from "vitest";
import { addressBucket, CLIENT_ADDRESS_HEADER, clientAddressFrom, resolveClientAddress, stampClientAddress, UNKNOWN_ADDRESS } from "./client-address";

// Security review item 2: the client's own X-Forwarded-For must not choose the address.
describe("resolveClientAddress", () => {
  const peer = "198.51.100.20";

  it("with no trusted proxy (the default), takes the socket's peer whatever X-Forwarded-For says", () => {
    expect(resolveClientAddress(peer, undefined, 0)).toBe(peer);
    expect(resolveClientAddress(peer, "203.0.113.7", 0)).toBe(peer);
    expect(resolveClientAddress(peer, "garbage", 0)).toBe(peer);
    expect(resolveClientAddress("::ffff:127.0.0.1", "203.0.113.7", 0)).toBe("127.0.0.1");
  });

  it("with N trusted proxies, takes the Nth address from the right of X-Forwarded-For", () => {
    // The client sent "203.0.113.66"; the load balancer appended the address it saw.
    expect(resolveClientAddress("10.0.0.5", "203.0.113.66, 192.0.2.44", 1)).toBe("192.0.2.44");
    // CDN, then load balancer: the load balancer's entry is the CDN's edge, the CDN's is the client.
    expect(resolveClientAddress("10.0.0.5", "203.0.113.66, 192.0.2.44, 198.51.100.3", 2)).toBe("192.0.2.44");
    // Several header lines count as one list.
    expect(resolveClientAddress("10.0.0.5", ["203.0.113.66", "192.0.2.44"], 1)).toBe("192.0.2.44");
  });

  it("a new spoofed value changes nothing", () => {
    const seen = new Set(["1.1.1.1", "2.2.2.2", "3.3.3.3"].map((spoof) => resolveClientAddress("10.0.0.5", `${spoof}, 192.0.2.44`, 1)));
    expect([...seen]).toEqual(["192.0.2.44"]);
  });

  it("garbage where the trusted proxy's entry should be gives the nearest proxy, never unknown", () => {
    expect(resolveClientAddress("10.0.0.5", "203.0.113.66, not-an-address", 1)).toBe("10.0.0.5");
    expect(resolveClientAddress("10.0.0.5", "", 1)).toBe("10.0.0.5");
  });

  it("with fewer entries than proxies, takes the leftmost", () => {
    expect(resolveClientAddress("10.0.0.5", "192.0.2.44", 3)).toBe("192.0.2.44");
  });

  it("accepts IPv6, bracketed forms, ports and IPv4-mapped IPv6", () => {
    expect(resolveClientAddress("10.0.0.5", "2001:DB8::1", 1)).toBe("2001:db8::1");
    expect(resolveClientAddress("10.0.0.5", "[2001:db8::1]:443", 1)).toBe("2001:db8::1");
    expect(resolveClientAddress("10.0.0.5", "203.0.113.7:51234", 1)).toBe("203.0.113.7");
    expect(resolveClientAddress("::ffff:203.0.113.7", undefined, 0)).toBe("203.0.113.7");
    expect(resolveClientAddress(undefined, undefined, 0)).toBe(UNKNOWN_ADDRESS);
  });
});

describe("clientAddressFrom", () => {
  const request = (headers: Record<string, string>) => ({ headers: { ...headers } as Record<string, string | string[] | undefined>, socket: { remoteAddress: "198.51.100.20" } });

  // First in this file: nothing has stamped a request in this process yet.
  it("trusts not even its own header in a process whose server does not stamp (next start by hand)", () => {
    expect(clientAddressFrom(new Headers({ [CLIENT_ADDRESS_HEADER]: "203.0.113.8" }))).toBe(UNKNOWN_ADDRESS);
  });

  it("reads only the address the portal's server stamped, replacing the client's own header", () => {
    const sent = request({ "x-forwarded-for": "203.0.113.7", [CLIENT_ADDRESS_HEADER]: "203.0.113.8", "x-real-ip": "203.0.113.9" });
    stampClientAddress(sent as never, 0);
    expect(sent.headers[CLIENT_ADDRESS_HEADER]).toBe("198.51.100.20");
    expect(clientAddressFrom(new Headers(sent.headers as Record<string, string>))).toBe("198.51.100.20");
  });

  it("drops a forged X-Forwarded-Host and X-Forwarded-Proto when no proxy is trusted, and keeps a trusted proxy's", () => {
    const direct = request({ host: "portal.example.com", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" });
    stampClientAddress(direct as never, 0);
    expect(direct.headers["x-forwarded-host"]).toBeUndefined();
    expect(direct.headers["x-forwarded-proto"]).toBeUndefined();
    expect(direct.headers.host).toBe("portal.example.com");
    const proxied = request({ "x-forwarded-host": "portal.example.com", "x-forwarded-proto": "https", "x-forwarded-for": "203.0.113.7" });
    stampClientAddress(proxied as never, 1);
    expect(proxied.headers["x-forwarded-host"]).toBe("portal.example.com");
    expect(proxied.headers["x-forwarded-proto"]).toBe("https");
  });

  it("ignores X-Forwarded-For and X-Real-IP, and a stamp that is not an address", () => {
    stampClientAddress(request({}) as never, 0);
    expect(clientAddressFrom(new Headers({ "x-forwarded-for": "203.0.113.7", "x-real-ip": "203.0.113.9" }))).toBe(UNKNOWN_ADDRESS);
    expect(clientAddressFrom(new Headers({ [CLIENT_ADDRESS_HEADER]: "<script>" }))).toBe(UNKNOWN_ADDRESS);
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
