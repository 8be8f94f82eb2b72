// A NUL character in any text field is bad input at that field, never an unexpected error: checked
// for every server action (by defineAction) and for the list search boxes.
import { describe, expect, it, vi } from "vitest";
import { listSearchParam } from "./list-params";
import { NUL_MESSAGE, nulFieldErrors } from "./text-input";

const employee = { id: "u-alice", email: "alice@example.com", name: "Alice", role: "EMPLOYEE" as const };
vi.mock("@/lib/auth/session", () => ({ getActionUser: async () => employee, getCurrentUser: async () => employee }));
// Nothing may reach the database: the refusal comes before any query.
vi.mock("@/lib/db/client", () => ({
  db: new Proxy({}, { get: () => { throw new Error("the database was used"); } }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

describe("NUL characters", () => {
  it("are found in nested fields and named by their path", () => {
    expect(nulFieldErrors({ name: "ok", tags: [{ key: "a\u0000b" }], note: "x\u0000" })).toEqual({ "tags.0.key": NUL_MESSAGE, note: NUL_MESSAGE });
    expect(nulFieldErrors({ name: "fine", count: 3 })).toBeNull();
  });

  it("are refused by a server action at the field, before the database is touched", async () => {
    const { submitRequest } = await import("./requests/actions");
    const form = new FormData();
    form.set("bundleId", "wsb-abcdefgh1");
    form.set("runningMode", "AUTO_STOP");
    form.set("justification", "I need a desktop\u0000 for the close.");
    const result = await submitRequest(undefined, form);
    expect(result).toEqual({ ok: false, code: "INVALID_INPUT", message: "Please correct the highlighted fields.", fieldErrors: { justification: NUL_MESSAGE } });
  });

  it("are refused in a list's search box", () => {
    const parsed = listSearchParam().safeParse("ws-\u0000");
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0].message).toBe(NUL_MESSAGE);
  });
});
