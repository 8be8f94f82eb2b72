import { describe, expect, it } from "vitest";
import { plural } from "./plural";

describe("plural", () => {
  it("uses the singular for one and the plural otherwise", () => {
    expect(plural(1, "request")).toBe("1 request");
    expect(plural(3, "request")).toBe("3 requests");
    expect(plural(0, "request")).toBe("0 requests");
    expect(plural(1200, "desktop")).toBe("1,200 desktops");
    expect(plural(2, "entry", "entries")).toBe("2 entries");
  });
});
