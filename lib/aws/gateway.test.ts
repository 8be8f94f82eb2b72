import { describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { awsClientOptionsFromConfig } from "./gateway";

const options = (env: Record<string, string>) =>
  awsClientOptionsFromConfig(parseConfig({ AUTH_SECRET: "x".repeat(40), ...env }, { cwd: "/srv/portal" }));

describe("awsClientOptionsFromConfig", () => {
  it("points the clients at the embedded emulator, with fake credentials", () => {
    expect(options({ PORTAL_EMULATOR_PORT: "4600" })).toEqual({ endpoint: "http://localhost:4600", emulator: true });
  });

  it("leaves an endpoint override to the SDK; fake credentials only when the environment has none", () => {
    expect(options({ AWS_ENDPOINT_URL: "http://emulator:4599" })).toEqual({ emulator: true });
    expect(options({ AWS_ENDPOINT_URL: "http://proxy:4599", AWS_PROFILE: "portal" })).toEqual({ emulator: false });
  });

  it("uses the SDK's default chain against real AWS", () => {
    expect(options({ PORTAL_EMULATOR: "off" })).toEqual({ emulator: false });
    expect(options({ DATABASE_URL: "postgresql://p:pw@db/portal", AWS_ACCESS_KEY_ID: "AKIA", AWS_SECRET_ACCESS_KEY: "x" })).toEqual({ emulator: false });
  });
});
