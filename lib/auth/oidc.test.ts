// How a validated ID token becomes a portal identity: e-mail, groups, and the claim rule that names
// the directory account the desktop is created for.
import { describe, expect, it } from "vitest";
import type { OidcConfig } from "@/lib/config";
import { directoryUserNameFrom, identityFromClaims, ssoProvider } from "./oidc";
import { signInErrorNotice } from "./sign-in-errors";

const settings: OidcConfig = {
  issuer: "https://idp.example.com",
  clientId: "portal",
  clientSecret: "secret",
  scopes: "openid email profile",
  name: "Okta",
  groupsClaim: "groups",
  usernameClaim: "preferred_username",
  managerClaim: "manager_email",
  usernameDomain: "corp.example.com",
  directoryId: "d-1234567890",
};
const claims = {
  iss: "https://idp.example.com",
  sub: "00u1erin",
  email: "Erin@Corp.Example.com",
  email_verified: true,
  name: "Erin Example",
  preferred_username: "erin@corp.example.com",
  groups: ["Portal Admins", "Everyone", "Everyone", 42],
  amr: ["pwd", "mfa"],
};

describe("identityFromClaims", () => {
  it("maps sub, e-mail, groups, amr and the directory account", () => {
    expect(identityFromClaims(claims, settings)).toEqual({
      ok: true,
      identity: {
        source: "SSO",
        externalId: "sso:https://idp.example.com|00u1erin",
        email: "erin@corp.example.com",
        name: "Erin Example",
        directoryId: "d-1234567890",
        directoryUserName: "erin",
        groups: ["Portal Admins", "Everyone"],
        managerEmail: null,
      },
      amr: ["pwd", "mfa"],
    });
  });

  it("reads the manager's e-mail from the configured claim; anything not an address is no manager", () => {
    const read = (extra: object, managerClaim = "manager_email") => {
      const verdict = identityFromClaims({ ...claims, ...extra }, { ...settings, managerClaim });
      return verdict.ok ? verdict.identity.managerEmail : "refused";
    };
    expect(read({ manager_email: "Boss@Corp.Example.com" })).toBe("boss@corp.example.com");
    expect(read({ mgr: ["lead@corp.example.com"] }, "mgr")).toBe("lead@corp.example.com");
    expect(read({ manager_email: "CN=Boss,OU=People" })).toBeNull();
    expect(read({ manager_email: 7 })).toBeNull();
  });

  it("reads the groups from the configured claim, a single string too", () => {
    const verdict = identityFromClaims({ ...claims, roles: "Approvers" }, { ...settings, groupsClaim: "roles" });
    expect(verdict.ok && verdict.identity.groups).toEqual(["Approvers"]);
  });

  it("falls back to an address-shaped sign-in name when there is no email claim (Entra ID)", () => {
    const verdict = identityFromClaims({ ...claims, email: undefined }, settings);
    expect(verdict.ok && verdict.identity.email).toBe("erin@corp.example.com");
  });

  it("refuses a token without an address, or with an unverified one", () => {
    expect(identityFromClaims({ ...claims, email: undefined, preferred_username: "erin" }, settings)).toEqual({ ok: false, code: "NO_EMAIL" });
    expect(identityFromClaims({ ...claims, email_verified: false }, settings)).toEqual({ ok: false, code: "EMAIL_UNVERIFIED" });
  });

  it("links no directory account without a configured directory or a usable claim", () => {
    const noDirectory = identityFromClaims(claims, { ...settings, directoryId: undefined });
    expect(noDirectory.ok && [noDirectory.identity.directoryId, noDirectory.identity.directoryUserName]).toEqual([null, null]);
    const noClaim = identityFromClaims({ ...claims, preferred_username: undefined }, settings);
    expect(noClaim.ok && [noClaim.identity.directoryId, noClaim.identity.directoryUserName]).toEqual([null, null]);
  });
});

describe("directoryUserNameFrom (the claim rule)", () => {
  it("strips the configured domain, case-insensitively", () => {
    expect(directoryUserNameFrom("Erin@CORP.example.com", "corp.example.com")).toBe("Erin");
  });
  it("keeps a plain name", () => {
    expect(directoryUserNameFrom("erin", "corp.example.com")).toBe("erin");
    expect(directoryUserNameFrom("erin@corp.example.com", undefined)).toBe("erin@corp.example.com");
  });
  it("gives no account for another domain, or for a look-alike suffix", () => {
    expect(directoryUserNameFrom("erin@elsewhere.example", "corp.example.com")).toBeNull();
    expect(directoryUserNameFrom("erin@evilcorp.example.com", "corp.example.com")).toBeNull();
  });
  it("refuses names Active Directory cannot hold", () => {
    expect(directoryUserNameFrom("er,in", undefined)).toBeNull();
    expect(directoryUserNameFrom("x".repeat(64), undefined)).toBeNull();
    expect(directoryUserNameFrom(42, undefined)).toBeNull();
    expect(directoryUserNameFrom("   ", undefined)).toBeNull();
  });
});

describe("ssoProvider", () => {
  it("uses discovery from the issuer with PKCE, state and nonce", () => {
    expect(ssoProvider(settings)).toMatchObject({
      id: "oidc",
      type: "oidc",
      name: "Okta",
      issuer: "https://idp.example.com",
      checks: ["pkce", "state", "nonce"],
      authorization: { params: { scope: "openid email profile" } },
    });
  });
});

describe("a refused single sign-on on the sign-in page", () => {
  it("says why in fixed words, never echoing the query", () => {
    expect(signInErrorNotice("SsoRefused", "DISABLED")).toBe("Your portal account is disabled. Ask an administrator.");
    expect(signInErrorNotice("SsoRefused", "EMAIL_TAKEN")).toContain("Another portal account already uses your email address");
    expect(signInErrorNotice("SsoRefused", "<script>")).toBe("Signing in did not work. Please try again.");
    expect(signInErrorNotice("SsoRefused", "toString")).toBe("Signing in did not work. Please try again.");
  });
});
