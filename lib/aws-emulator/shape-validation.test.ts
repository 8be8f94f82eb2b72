import { describe, expect, it } from "vitest";
import { AwsError } from "./aws-error";
import { int, list, str, struct, validateInput } from "./shape-validation";

const shape = struct(
  { Id: str({ pattern: "^ws-[0-9a-z]{8,63}$" }), Items: list(struct({ Name: str({ min: 1, max: 3 }) }, ["Name"]), { max: 2 }), Limit: int({ min: 1, max: 25 }), Secret: str({ min: 8, sensitive: true }) },
  ["Id"],
);

function failure(input: unknown): AwsError {
  try {
    validateInput(input, shape);
  } catch (error) {
    return error as AwsError;
  }
  throw new Error("expected a failure");
}

describe("validateInput", () => {
  it("accepts valid input and ignores unknown members", () => {
    expect(() => validateInput({ Id: "ws-abcdefghi", Items: [{ Name: "a" }], Extra: 1 }, shape)).not.toThrow();
  });

  it("lists every constraint violation with coral-style paths", () => {
    const error = failure({ Items: [{ Name: "" }, {}, { Name: "abcd" }], Limit: 0 });
    expect(error.type).toBe("ValidationException");
    expect(error.message).toMatch(/^6 validation errors detected: /);
    expect(error.message).toContain("Value null at 'id' failed to satisfy constraint: Member must not be null");
    expect(error.message).toContain("at 'items' failed to satisfy constraint: Member must have length less than or equal to 2");
    expect(error.message).toContain("Value '' at 'items.1.member.name' failed to satisfy constraint: Member must have length greater than or equal to 1");
    expect(error.message).toContain("Value null at 'items.2.member.name'");
    expect(error.message).toContain("Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1");
  });

  it("never echoes sensitive values", () => {
    const error = failure({ Id: "ws-abcdefghi", Secret: "short" });
    expect(error.message).not.toContain("short");
    expect(error.message).toContain("Value at 'secret'");
  });

  it("reports wrong JSON types as SerializationException", () => {
    expect(failure({ Id: 5 }).type).toBe("SerializationException");
    expect(failure({ Id: "ws-abcdefghi", Limit: 1.5 }).type).toBe("SerializationException");
    expect(failure({ Id: "ws-abcdefghi", Items: {} }).type).toBe("SerializationException");
    expect(failure([]).type).toBe("SerializationException");
  });
});
