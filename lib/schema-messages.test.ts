import { describe, expect, it } from "vitest";
import { z } from "zod";
import * as auth from "@/lib/auth/schema";
import * as billingCosts from "@/lib/billing/costs/schema";
import * as billingModeChanges from "@/lib/billing/mode-changes/schema";
import * as billingModeRequests from "@/lib/billing/mode-requests/schema";
import * as billingPrices from "@/lib/billing/prices/schema";
import * as bulk from "@/lib/bulk/schema";
import * as bundles from "@/lib/bundles/schema";
import * as images from "@/lib/images/schema";
import * as desktops from "@/lib/desktops/schema";
import * as requests from "@/lib/requests/schema";
import * as users from "@/lib/users/schema";

// Every message an action can return for a field is shown to a person: it must be a sentence they
// understand, never zod's default ("Invalid input: expected string, received undefined").
// URL filter schemas are left out: pages fall back to their defaults and show no message; so is
// the single sign-on button's, which only cleans its callback path and never fails.
const modules = { auth, billingCosts, billingModeChanges, billingModeRequests, billingPrices, bulk, bundles, desktops, images, requests, users };
const schemas = Object.entries(modules).flatMap(([module, exports]) =>
  Object.entries(exports)
    .filter(([name, value]) => value instanceof z.ZodType && !/Filter|costMonth|jobList|ssoSignIn/.test(name))
    .map(([name, value]) => ({ name: `${module}.${name}`, schema: value as z.ZodType })),
);

/** The field names of an object schema, through transforms, refinements and discriminated unions. */
function fieldsOf(schema: z.ZodType): Record<string, z.ZodType> {
  if (schema instanceof z.ZodObject) return schema.shape as Record<string, z.ZodType>;
  if (schema instanceof z.ZodPipe) return fieldsOf(schema.in as z.ZodType);
  if (schema instanceof z.ZodUnion) return Object.assign({}, ...(schema.options as z.ZodType[]).map(fieldsOf));
  return {};
}

const garbage: unknown[] = [undefined, null, "", "abc", "1.5", "-1", "99999999", 123, -5, 1.5, true, [], {}, [123], { kind: "nope" }];

function messagesFor(schema: z.ZodType): string[] {
  const fields = Object.keys(fieldsOf(schema));
  const inputs: unknown[] = [{}];
  for (const value of garbage) {
    inputs.push(Object.fromEntries(fields.map((f) => [f, value])));
    // One bad field among otherwise empty ones, so superRefine rules and union branches run too.
    for (const f of fields) inputs.push({ [f]: value });
  }
  const messages = new Set<string>();
  for (const input of inputs) {
    const result = schema.safeParse(input);
    // A field error (what the form shows next to a field); a non-object body is a broken client, not a person.
    if (!result.success) for (const issue of result.error.issues) messages.add(`${issue.path.join(".")}: ${issue.message}`);
  }
  return [...messages];
}

describe("every field error of every form schema is a sentence a person understands", () => {
  it("finds the schemas", () => {
    expect(schemas.map((s) => s.name)).toEqual(expect.arrayContaining(["requests.createRequestSchema", "billingPrices.priceSchema", "bulk.fleetActionStartSchema"]));
  });

  for (const { name, schema } of schemas) {
    it(name, () => {
      const messages = messagesFor(schema);
      expect(messages.length).toBeGreaterThan(0);
      for (const entry of messages) {
        const message = entry.slice(entry.indexOf(": ") + 2);
        expect(message, `${name} ${entry}`).not.toMatch(/invalid input|expected|received|too (small|big)|invalid (string|option|union|element)|must match|nan/i);
        expect(message, `${name} ${entry}`).toMatch(/^[A-Z].*[.?]$/);
      }
    });
  }

  it("the request form says what to choose when no desktop type is chosen", () => {
    const result = requests.createRequestSchema.safeParse({ runningMode: "AUTO_STOP", autoStopTimeoutHours: "1", justification: "A good reason to have one." });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.message)).toEqual(["Choose a desktop type from the list."]);
  });
});
