import { describe, expect, it } from "vitest";
import { credentialsSchema, safeCallbackPath, sameOriginRedirect, signInFormSchema } from "./schema";

describe("safeCallbackPath", () => {
  it("keeps paths on this site, with their query and fragment", () => {
    expect(safeCallbackPath("/requests/abc")).toBe("/requests/abc");
    expect(safeCallbackPath("/admin/fleet?state=STOPPED&page=2")).toBe("/admin/fleet?state=STOPPED&page=2");
    expect(safeCallbackPath("/desktops/x#actions")).toBe("/desktops/x#actions");
  });

  it.each([
    ["another host", "https://evil.example/"],
    ["protocol-relative", "//evil.example/path"],
    ["backslash trick", "/\\evil.example"],
    ["backslash later", "/ok\\..\\evil"],
    ["javascript: URL", "javascript:alert(1)"],
    ["relative path", "requests"],
    ["control characters", "/x\n/y"],
    ["tab before slashes", "/\t/evil.example"],
    ["the sign-in page itself", "/sign-in?callbackUrl=/"],
    ["Auth.js endpoints", "/api/auth/signout"],
    ["empty", ""],
    ["not a string", 42],
    ["too long", `/${"a".repeat(3000)}`],
  ])("refuses %s", (_name, value) => {
    expect(safeCallbackPath(value)).toBe("/");
  });

  it("uses the given fallback", () => {
    expect(safeCallbackPath("//evil.example", "")).toBe("");
    expect(safeCallbackPath(undefined, "/requests")).toBe("/requests");
  });

  it("normalizes dot segments so the result stays on this site", () => {
    expect(safeCallbackPath("/a/../requests")).toBe("/requests");
    expect(safeCallbackPath("/../../etc")).toBe("/etc");
    expect(safeCallbackPath("/%2e%2e/requests")).toBe("/requests");
  });

  // Security review item 1: the check ran on the raw string and the normalised path came back.
  it.each([
    "/..//evil.example/phish",
    "/.//evil.example/phish",
    "/%2e%2e//evil.example/phish",
    "/%2E%2E//evil.example/phish",
    "/%2e//evil.example/phish",
    "/a/../..//evil.example",
    "/./%2e%2e/.//evil.example",
    "/..\\evil.example",
    "/\\/evil.example",
    "/..//\tevil.example",
    "/\n/evil.example",
    "/\r//evil.example",
    "/\u0000//evil.example",
    "/\u007f//evil.example",
    "\\\\evil.example",
    " //evil.example",
    "https:evil.example",
    "http://portal.invalid//evil.example",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
  ])("never leaves the site for %j", (value) => {
    const path = safeCallbackPath(value);
    expect(path).toBe("/");
  });

  it("returns only paths that it would itself accept unchanged", () => {
    for (const value of ["/requests?x=//evil", "/a/./b/../c#//evil", "/%2e%2e/x", "/x//y"]) {
      const path = safeCallbackPath(value);
      expect(safeCallbackPath(path)).toBe(path);
      expect(new URL(path, "https://portal.example.com").origin).toBe("https://portal.example.com");
    }
  });
});

describe("sameOriginRedirect (Auth.js's redirect callback)", () => {
  const base = "https://portal.example.com";
  it("keeps paths and absolute URLs on the portal", () => {
    expect(sameOriginRedirect("/requests?x=1", base)).toBe(`${base}/requests?x=1`);
    expect(sameOriginRedirect(`${base}/desktops/x#a`, base)).toBe(`${base}/desktops/x#a`);
    expect(sameOriginRedirect("/sign-in?error=SsoRefused&code=DISABLED", base)).toBe(`${base}/sign-in?error=SsoRefused&code=DISABLED`);
  });
  it.each([
    "https://evil.example/phish",
    "//evil.example/phish",
    "/..//evil.example/phish",
    "/%2e%2e//evil.example/phish",
    `${base}/..//evil.example/phish`,
    `${base}//evil.example/phish`,
    "https://portal.example.com.evil.example/",
    "javascript:alert(1)",
    "/\\evil.example",
  ])("sends %j to the home page", (url) => {
    expect(sameOriginRedirect(url, base)).toBe(`${base}/`);
  });
});

describe("credentialsSchema", () => {
  it("trims and lower-cases the email", () => {
    const parsed = credentialsSchema.parse({ email: "  Alice@Example.COM ", password: "x" });
    expect(parsed.email).toBe("alice@example.com");
  });

  it("keeps the password exactly as typed (spaces are part of it)", () => {
    expect(credentialsSchema.parse({ email: "a@example.com", password: " pass word " }).password).toBe(" pass word ");
  });

  it("takes a directory user name as it was typed", () => {
    expect(credentialsSchema.parse({ email: " CORP\\Alice.Archer ", password: "x" }).email).toBe("CORP\\Alice.Archer");
    expect(credentialsSchema.parse({ email: "alice.archer", password: "x" }).email).toBe("alice.archer");
  });

  it("reports which field is missing or malformed", () => {
    const result = credentialsSchema.safeParse({ email: "  ", password: "" });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((issue) => issue.path.join("."));
    expect(paths).toContain("email");
    expect(paths).toContain("password");
  });

  it("refuses control characters in the name (a NUL would not fit in the audit trail)", () => {
    expect(credentialsSchema.safeParse({ email: "alice\0.archer", password: "x" }).success).toBe(false);
    expect(credentialsSchema.safeParse({ email: "alice\n", password: "x" }).success).toBe(true); // trimmed
    expect(credentialsSchema.safeParse({ email: "ali\tce", password: "x" }).success).toBe(false);
  });

  it("refuses absurdly long input before it reaches bcrypt", () => {
    expect(credentialsSchema.safeParse({ email: "a@example.com", password: "x".repeat(10_000) }).success).toBe(false);
    expect(credentialsSchema.safeParse({ email: `${"a".repeat(300)}@example.com`, password: "x" }).success).toBe(false);
  });

  it("the form schema sanitizes the callback URL instead of failing", () => {
    const parsed = signInFormSchema.parse({ email: "a@example.com", password: "x", callbackUrl: "https://evil.example" });
    expect(parsed.callbackUrl).toBe("/");
    expect(signInFormSchema.parse({ email: "a@example.com", password: "x", callbackUrl: null }).callbackUrl).toBe("/");
  });
});
