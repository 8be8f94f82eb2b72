/**
 * Input validation against the API model's constraints, answered the way AWS's front end does:
 * a wrong JSON type is a `SerializationException`; a constraint violation (length, pattern, range,
 * enum, missing required member) is a `ValidationException` whose message lists every violation as
 * "Value '<v>' at '<path>' failed to satisfy constraint: Member must ...".
 */
import { AwsError } from "./aws-error";

export type Shape = StringShape | IntegerShape | BooleanShape | ListShape | StructureShape | AnyShape;

export interface StringShape {
  type: "string";
  min?: number;
  max?: number;
  pattern?: string;
  enum?: readonly string[];
  /** Passwords are never echoed back in messages. */
  sensitive?: boolean;
}
export interface IntegerShape {
  type: "integer";
  min?: number;
  max?: number;
}
export interface BooleanShape {
  type: "boolean";
}
export interface ListShape {
  type: "list";
  member: Shape;
  min?: number;
  max?: number;
}
export interface StructureShape {
  type: "structure";
  members: Record<string, Shape>;
  required?: readonly string[];
}
/** Accepted as is (parts of a request the emulator stores but does not interpret). */
export interface AnyShape {
  type: "any";
}

// Small constructors so the shape tables read close to the API model.
export const str = (c: Omit<StringShape, "type"> = {}): StringShape => ({ type: "string", ...c });
export const int = (c: Omit<IntegerShape, "type"> = {}): IntegerShape => ({ type: "integer", ...c });
export const bool = (): BooleanShape => ({ type: "boolean" });
export const list = (member: Shape, c: Omit<ListShape, "type" | "member"> = {}): ListShape => ({ type: "list", member, ...c });
export const struct = (members: Record<string, Shape>, required: readonly string[] = []): StructureShape => ({
  type: "structure",
  members,
  required,
});
export const anything = (): AnyShape => ({ type: "any" });

const lowerFirst = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

function render(value: unknown, sensitive?: boolean): string {
  if (sensitive) return "";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

function jsonKind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "list";
  return typeof value;
}

function serializationError(value: unknown, expected: string): AwsError {
  const kind = jsonKind(value);
  if (kind === "object") return new AwsError("SerializationException", "Start of structure or map found where not expected.");
  if (kind === "list") return new AwsError("SerializationException", "Start of list found where not expected");
  const token = kind === "string" ? "STRING_VALUE" : kind === "number" ? "NUMBER_VALUE" : "VALUE_TRUE_OR_FALSE";
  return new AwsError("SerializationException", `${token} can not be converted to ${expected}`);
}

function validate(value: unknown, shape: Shape, path: string, errors: string[]): void {
  const fail = (constraint: string, shown: unknown = value, sensitive?: boolean) => {
    const valuePart = sensitive ? "Value" : shown === null ? "Value null" : `Value '${render(shown)}'`;
    errors.push(`${valuePart} at '${path}' failed to satisfy constraint: Member must ${constraint}`);
  };
  switch (shape.type) {
    case "any":
      return;
    case "string": {
      if (typeof value !== "string") throw serializationError(value, "a String");
      if (shape.min !== undefined && value.length < shape.min) fail(`have length greater than or equal to ${shape.min}`, value, shape.sensitive);
      if (shape.max !== undefined && value.length > shape.max) fail(`have length less than or equal to ${shape.max}`, value, shape.sensitive);
      if (shape.pattern !== undefined && !new RegExp(shape.pattern).test(value)) {
        fail(`satisfy regular expression pattern: ${shape.pattern}`, value, shape.sensitive);
      }
      if (shape.enum && !shape.enum.includes(value)) fail(`satisfy enum value set: [${shape.enum.join(", ")}]`);
      return;
    }
    case "integer": {
      if (typeof value !== "number" || !Number.isFinite(value)) throw serializationError(value, "an Integer");
      if (!Number.isInteger(value)) throw new AwsError("SerializationException", "NUMBER_VALUE can not be converted to an Integer");
      if (shape.min !== undefined && value < shape.min) fail(`have value greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && value > shape.max) fail(`have value less than or equal to ${shape.max}`);
      return;
    }
    case "boolean":
      if (typeof value !== "boolean") throw serializationError(value, "a Boolean");
      return;
    case "list": {
      if (!Array.isArray(value)) throw serializationError(value, "a List");
      if (shape.min !== undefined && value.length < shape.min) fail(`have length greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && value.length > shape.max) fail(`have length less than or equal to ${shape.max}`);
      value.forEach((item, i) => {
        if (item === null) return;
        validate(item, shape.member, `${path}.${i + 1}.member`, errors);
      });
      return;
    }
    case "structure": {
      if (jsonKind(value) !== "object") throw serializationError(value, "a Structure");
      const obj = value as Record<string, unknown>;
      for (const name of shape.required ?? []) {
        if (obj[name] === undefined || obj[name] === null) {
          errors.push(`Value null at '${path ? `${path}.` : ""}${lowerFirst(name)}' failed to satisfy constraint: Member must not be null`);
        }
      }
      for (const [name, member] of Object.entries(shape.members)) {
        const v = obj[name];
        if (v === undefined || v === null) continue;
        validate(v, member, `${path ? `${path}.` : ""}${lowerFirst(name)}`, errors);
      }
      return;
    }
  }
}

/** Throws SerializationException or ValidationException when `input` breaks the shape. */
export function validateInput(input: unknown, shape: StructureShape): void {
  const errors: string[] = [];
  validate(input, shape, "", errors);
  if (errors.length > 0) {
    const head = `${errors.length} validation error${errors.length > 1 ? "s" : ""} detected: `;
    throw new AwsError("ValidationException", head + errors.join("; "));
  }
}
