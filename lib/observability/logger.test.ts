// Unit: what the logger writes. Secrets never reach the output, in either format.
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./logger";
import { withLogContext } from "./request-context";
import { requestIdFrom } from "./request-id";

function capture(format: "json" | "pretty") {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger({ format, level: "debug", destination }), output: () => chunks.join("") };
}

const SECRETS = {
  password: "hunter2-password-value",
  newPassword: "new-password-value-77",
  authorization: "Bearer eyJhbGciOiJIUzI1NiJ9.secret-token-value",
  cookie: "authjs.session-token=cookie-secret-value",
  sharedSecret: "radius-shared-secret-value",
  token: "setup-token-value-0123456789",
  clientSecret: "oidc-client-secret-value",
  totpCode: "481516",
  mfaInput: "234239",
  awsSecret: "aws-secret-access-key-value",
};

// Objects shaped as the portal has them: an action's input, request headers, an AWS payload, a config.
const loggedObjects = [
  { input: { email: "alice@example.com", password: SECRETS.password, code: SECRETS.mfaInput } },
  { req: { headers: { authorization: SECRETS.authorization, cookie: SECRETS.cookie, "set-cookie": [SECRETS.cookie] } } },
  { operation: { payload: { directoryId: "d-1234567890", radius: { sharedSecret: SECRETS.sharedSecret } } } },
  { details: { user: { newPassword: SECRETS.newPassword } }, token: SECRETS.token },
  { oidc: { clientSecret: SECRETS.clientSecret }, mfa: { totpCode: SECRETS.totpCode } },
  { credentials: { SecretAccessKey: SECRETS.awsSecret } },
];

describe("redaction", () => {
  for (const format of ["json", "pretty"] as const) {
    it(`keeps passwords, tokens, cookies, RADIUS secrets and TOTP codes out of ${format} lines`, () => {
      const { logger, output } = capture(format);
      for (const object of loggedObjects) logger.info(object, "something happened");
      logger.child({ component: "auth" }).error({ input: { password: SECRETS.password } }, "a child logger too");
      const written = output();
      for (const secret of Object.values(SECRETS)) expect(written).not.toContain(secret);
      // The rest of the line is still there, so the redaction is not a blank line.
      expect(written).toContain("alice@example.com");
      expect(written).toContain("d-1234567890");
      expect(written).toContain("[redacted]");
    });
  }

  it("keeps AWS error codes: only an input's code is a secret", () => {
    const { logger, output } = capture("json");
    logger.info({ aws: { errorCode: "ThrottlingException" }, code: "ResourceNotFound" }, "aws call");
    const line = JSON.parse(output());
    expect(line.aws.errorCode).toBe("ThrottlingException");
    expect(line.code).toBe("ResourceNotFound");
  });
});

describe("request id", () => {
  it("is on every line written while a request is served", () => {
    const { logger, output } = capture("json");
    withLogContext({ reqId: "req-0123456789" }, () => logger.info("inside"));
    logger.info("outside");
    const [inside, outside] = output().trim().split("\n").map((l) => JSON.parse(l));
    expect(inside.reqId).toBe("req-0123456789");
    expect(outside.reqId).toBeUndefined();
  });

  it("keeps a well-formed incoming X-Request-Id and replaces anything else", () => {
    expect(requestIdFrom("9f1c2d3e-aaaa-bbbb-cccc-0123456789ab")).toBe("9f1c2d3e-aaaa-bbbb-cccc-0123456789ab");
    expect(requestIdFrom(["nginx-req-12345678", "second"])).toBe("nginx-req-12345678");
    for (const bad of [undefined, "", "short", "has space in it", "x".repeat(129), "line\nbreak-injected", '{"json":1}']) {
      const id = requestIdFrom(bad);
      expect(id).not.toBe(bad);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});
