import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { serverActionAllowedOrigins } from "./server-action-origins.js";

describe("serverActions.allowedOrigins (next.config.js)", () => {
  it("allows the host of PORTAL_URL, with its port, and nothing else", () => {
    expect(serverActionAllowedOrigins({ PORTAL_URL: "https://portal.example.com" })).toEqual(["portal.example.com"]);
    expect(serverActionAllowedOrigins({ PORTAL_URL: "https://portal.example.com:8443/", AUTH_URL: "http://other.example.com" })).toEqual([
      "portal.example.com:8443",
    ]);
  });

  it("reads AUTH_URL when PORTAL_URL is unset or empty, as lib/config does", () => {
    expect(serverActionAllowedOrigins({ PORTAL_URL: " ", AUTH_URL: "http://localhost:3000" })).toEqual(["localhost:3000"]);
  });

  it("lists nothing when neither is set (the embedded default: the Host header decides)", () => {
    expect(serverActionAllowedOrigins({})).toEqual([]);
    expect(serverActionAllowedOrigins({ PORTAL_URL: "not a url" })).toEqual([]);
  });

  describe("next.config.js", () => {
    afterEach(() => {
      vi.unstubAllEnvs();
      vi.resetModules();
    });

    it("computes the setting from the environment it is loaded in", async () => {
      vi.stubEnv("PORTAL_URL", "https://workspaces.corp.example.com");
      vi.resetModules();
      // A computed path: next.config.js is plain JavaScript, without type declarations.
      const file = path.resolve(import.meta.dirname, "../../next.config.js");
      const { default: config } = await import(/* @vite-ignore */ file);
      expect(config.experimental.serverActions.allowedOrigins).toEqual(["workspaces.corp.example.com"]);
      expect(config.experimental.serverActions.bodySizeLimit).toBe("3mb");
    });
  });
});
