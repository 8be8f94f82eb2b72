/**
 * EC2's own wire protocol ("ec2Query"): a form-encoded request body (`Action=CreateVpc&Version=
 * 2016-11-15&CidrBlock=10.0.0.0%2F16`, lists flattened as `SubnetId.1`, structures nested as
 * `Filter.1.Value.1`), answered in XML under `<ActionResponse xmlns="http://ec2.amazonaws.com/doc/
 * 2016-11-15/">` with a `requestId`, errors as `<Response><Errors><Error><Code>`.
 *
 * The member names on the wire come from the SDK's own schemas (`ec2QueryName` for requests,
 * `xmlName` for answers, `item` for list entries), walked with smithy's NormalizedSchema: the same
 * traits @aws-sdk/client-ec2 serializes and parses with, so handlers work on the SDK's request and
 * result types and cannot drift from the wire names by a hand-written typo.
 */
import { NormalizedSchema } from "@smithy/core/schema";
import { AwsError } from "../aws-error";

export const EC2_VERSION = "2016-11-15";
export const EC2_NAMESPACE = `http://ec2.amazonaws.com/doc/${EC2_VERSION}/`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the SDK's static schema values
type SchemaRef = any;

interface QueryTree {
  [key: string]: QueryTree | string;
}

/** The form body as a tree: `Filter.1.Value.2=x` → {Filter: {1: {Value: {2: "x"}}}}. */
export function parseQueryBody(raw: string): QueryTree {
  const tree: QueryTree = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    const parts = key.split(".");
    let node = tree;
    for (let i = 0; i < parts.length - 1; i++) {
      const next = node[parts[i]];
      if (typeof next === "object") node = next;
      else node = node[parts[i]] = {};
    }
    const last = parts[parts.length - 1];
    if (typeof node[last] !== "object") node[last] = value;
  }
  return tree;
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function invalid(parameter: string, value: string): AwsError {
  return new AwsError("InvalidParameterValue", `Value (${value}) for parameter ${parameter} is invalid.`);
}

/** Reads the request members of `schema` from the query tree into the SDK's input shape. */
export function readQueryInput(schema: SchemaRef, tree: QueryTree | string | undefined, path = ""): unknown {
  const ns = NormalizedSchema.of(schema);
  if (tree === undefined) return undefined;
  if (ns.isStructSchema()) {
    if (typeof tree !== "object") throw invalid(path, tree);
    const out: Record<string, unknown> = {};
    for (const [name, member] of ns.structIterator()) {
      const traits = member.getMergedTraits();
      // The SDK writes ec2QueryName, else the capitalised xmlName or member name.
      const key = (traits.ec2QueryName as string | undefined) ?? capitalize((traits.xmlName as string | undefined) ?? name);
      const value = readQueryInput(member, tree[key], path ? `${path}.${key}` : key);
      if (value !== undefined) out[name] = value;
    }
    return out;
  }
  if (ns.isListSchema()) {
    if (typeof tree !== "object") return tree === "" ? [] : [readQueryInput(ns.getValueSchema(), tree, `${path}.1`)];
    return Object.keys(tree)
      .filter((k) => /^\d+$/.test(k))
      .sort((a, b) => Number(a) - Number(b))
      .map((k) => readQueryInput(ns.getValueSchema(), tree[k], `${path}.${k}`));
  }
  if (typeof tree !== "string") throw invalid(path, "[structure]");
  if (ns.isBooleanSchema()) {
    if (tree !== "true" && tree !== "false") throw invalid(path, tree);
    return tree === "true";
  }
  if (ns.isNumericSchema()) {
    const n = Number(tree);
    if (tree.trim() === "" || !Number.isFinite(n)) throw invalid(path, tree);
    return n;
  }
  if (ns.isTimestampSchema()) return new Date(tree);
  return tree;
}

const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };
/** Element text only (the answers have no attributes besides the fixed namespace). */
export const escapeXml = (text: string) => text.replace(/[&<>]/g, (c) => XML_ESCAPES[c]);

function writeXml(ns: NormalizedSchema, value: unknown, element: string, out: string[]): void {
  if (value === undefined || value === null) return;
  if (ns.isStructSchema()) {
    out.push(`<${element}>`);
    writeMembers(ns, value as Record<string, unknown>, out);
    out.push(`</${element}>`);
    return;
  }
  if (ns.isListSchema()) {
    const member = ns.getValueSchema();
    const itemName = (member.getMergedTraits().xmlName as string | undefined) ?? "member";
    const items = value as unknown[];
    if (ns.getMergedTraits().xmlFlattened) {
      for (const item of items) writeXml(member, item, element, out);
      return;
    }
    out.push(`<${element}>`);
    for (const item of items) writeXml(member, item, itemName, out);
    out.push(`</${element}>`);
    return;
  }
  let text: string;
  if (value instanceof Date) text = value.toISOString();
  else text = String(value);
  out.push(`<${element}>${escapeXml(text)}</${element}>`);
}

function writeMembers(ns: NormalizedSchema, value: Record<string, unknown>, out: string[]): void {
  for (const [name, member] of ns.structIterator()) {
    const element = (member.getMemberTraits().xmlName as string | undefined) ?? name;
    writeXml(member, value[name], element, out);
  }
}

/** The XML answer of a successful call: `<ActionResponse xmlns=...><requestId>…` plus the result. */
export function resultXml(action: string, outputSchema: SchemaRef, result: object, requestId: string): string {
  const out: string[] = [`<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${EC2_NAMESPACE}">`, `<requestId>${requestId}</requestId>`];
  const ns = NormalizedSchema.of(outputSchema);
  if (ns.isStructSchema()) writeMembers(ns, result as Record<string, unknown>, out);
  out.push(`</${action}Response>`);
  return out.join("");
}

/** EC2's error document; @aws-sdk/client-ec2 takes `Code` as the error's name. */
export function errorXml(code: string, message: string, requestId: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${escapeXml(code)}</Code>` +
    `<Message>${escapeXml(message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`
  );
}
