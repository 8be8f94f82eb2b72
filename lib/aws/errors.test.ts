import { describe, expect, it } from "vitest";
import { toAwsFailure } from "./errors";

const sdkError = (name: string, status?: number, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(`${name} message`), {
    name,
    $metadata: status === undefined ? {} : { httpStatusCode: status, requestId: "req-1" },
    ...extra,
  });

describe("toAwsFailure", () => {
  it("throttling is throttled whatever the call", () => {
    expect(toAwsFailure(sdkError("ThrottlingException", 400), true)).toMatchObject({
      kind: "throttled",
      code: "ThrottlingException",
      requestId: "req-1",
      httpStatus: 400,
    });
    expect(toAwsFailure(sdkError("SomethingElse", 429), false).kind).toBe("throttled");
  });

  it("4xx is a client error with AWS's code and message", () => {
    expect(toAwsFailure(sdkError("InvalidParameterValuesException", 400), true)).toMatchObject({
      kind: "client",
      code: "InvalidParameterValuesException",
      message: "InvalidParameterValuesException message",
    });
  });

  it("5xx on a mutation is an unknown outcome, on a read a server error", () => {
    expect(toAwsFailure(sdkError("InternalFailure", 500), true).kind).toBe("unknown-outcome");
    expect(toAwsFailure(sdkError("InternalFailure", 500), false).kind).toBe("server");
  });

  it("a timeout or a reset connection on a mutation is an unknown outcome", () => {
    expect(toAwsFailure(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }), true)).toMatchObject({
      kind: "unknown-outcome",
      code: "ECONNRESET",
    });
    expect(toAwsFailure(Object.assign(new Error("t"), { name: "TimeoutError" }), true).kind).toBe("unknown-outcome");
  });

  it("a refused connection never reached AWS: server, not unknown", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    expect(toAwsFailure(refused, true)).toMatchObject({ kind: "server", code: "ECONNREFUSED" });
    const nested = Object.assign(new Error("wrapped"), { cause: { code: "ENOTFOUND" } });
    expect(toAwsFailure(nested, true).kind).toBe("server");
  });
});
