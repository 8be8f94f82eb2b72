// A real OpenID provider for tests: node-oidc-provider (a certified implementation) with a login page,
// test accounts that carry a groups claim and amr, and first-party consent (no consent screen).
//
//   const idp = await startTestOidcProvider({ redirectUris: ["http://localhost:3000/api/auth/callback/oidc"] });
//   // idp.issuer, idp.clientId, idp.clientSecret; idp.tamper("audience") to hand out a bad ID token
//   await idp.close();
//
// Browser tests start it as a Playwright webServer (test-support/oidc-provider-cli.ts).
import { generateKeyPairSync, randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { decodeJwt, importJWK, SignJWT, type JWK } from "jose";
import Provider, { type Configuration, type KoaContextWithOIDC } from "oidc-provider";

export type TestOidcAccount = {
  sub: string;
  password: string;
  email: string;
  name: string;
  /** Names the directory account ("<name>@corp.example.com"). */
  preferredUsername: string;
  groups: string[];
  /** The manager's e-mail, in the manager_email claim (PORTAL_OIDC_MANAGER_CLAIM's default). */
  managerEmail?: string;
  /** How the provider says the person authenticated (RFC 8176), as Okta or Entra would. */
  amr: string[];
};

/** Sign in on the provider's page with the part of the address before "@" and the password. */
export const TEST_OIDC_ACCOUNTS: Record<string, TestOidcAccount> = {
  olivia: {
    sub: "00u-olivia",
    password: "olivia-sso-password",
    email: "olivia@sso.example.com",
    name: "Olivia Okta",
    preferredUsername: "olivia@corp.example.com",
    groups: ["Everyone", "Portal Admins"],
    amr: ["pwd", "mfa", "otp"],
  },
  sam: {
    sub: "00u-sam",
    password: "sam-sso-password",
    email: "sam@sso.example.com",
    name: "Sam Single",
    preferredUsername: "sam@corp.example.com",
    groups: ["Everyone"],
    managerEmail: "olivia@sso.example.com",
    amr: ["pwd"],
  },
};

/** The group the tests map to ADMIN (the provider's claim value). */
export const TEST_OIDC_ADMIN_GROUP = "Portal Admins";

/** What a misbehaving provider (or someone in the middle) hands over instead of a good ID token. */
export type Tamper = "issuer" | "audience" | "expired" | null;

export type TestOidcProvider = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** From the next token response on, the ID token is re-signed with this fault (null: honest again). */
  tamper(kind: Tamper): void;
  close(): Promise<void>;
};

export type StartOptions = {
  /** 0: a free port. */
  port?: number;
  /** The host name in the issuer (localhost; the portal must use the very same string). */
  host?: string;
  redirectUris: string[];
  clientId?: string;
  clientSecret?: string;
};

export async function startTestOidcProvider(options: StartOptions): Promise<TestOidcProvider> {
  const { port = 0, host = "localhost", redirectUris, clientId = "workspaces-portal", clientSecret = "test-client-secret-0123456789" } = options;
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const issuer = `http://${host}:${(server.address() as AddressInfo).port}`;

  const signingKey = { ...(generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" }) as JWK), kid: randomUUID(), alg: "RS256", use: "sig" };
  const provider = new Provider(issuer, configuration({ clientId, clientSecret, redirectUris, signingKey }));
  let tamper: Tamper = null;
  provider.use(async (ctx, next) => {
    await next();
    const body = ctx.body as { id_token?: string } | undefined;
    if (tamper && ctx.path === "/token" && body?.id_token) body.id_token = await tampered(body.id_token, tamper, signingKey, issuer);
  });

  const oidc = provider.callback();
  server.on("request", (req, res) => {
    const path = new URL(req.url ?? "/", issuer).pathname;
    if (path.startsWith("/interaction/")) void interaction(provider, req, res).catch((error: unknown) => fail(res, error));
    else oidc(req, res);
  });

  return {
    issuer,
    clientId,
    clientSecret,
    tamper: (kind) => void (tamper = kind),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function configuration(o: { clientId: string; clientSecret: string; redirectUris: string[]; signingKey: JWK }): Configuration {
  return {
    clients: [
      {
        client_id: o.clientId,
        client_secret: o.clientSecret,
        redirect_uris: o.redirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    jwks: { keys: [o.signingKey] },
    cookies: { keys: [randomUUID()] },
    pkce: { required: () => true },
    // Claims go into the ID token, as enterprise providers configure groups for a web app.
    conformIdTokenClaims: false,
    scopes: ["openid", "email", "profile", "groups", "offline_access"],
    // amr with every ID token, as Okta and Entra ID send it.
    claims: { openid: ["sub", "amr"], email: ["email", "email_verified"], profile: ["name", "preferred_username", "manager_email"], groups: ["groups"] },
    features: { devInteractions: { enabled: false } },
    async findAccount(_ctx, sub) {
      const account = Object.values(TEST_OIDC_ACCOUNTS).find((a) => a.sub === sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          email: account.email,
          email_verified: true,
          name: account.name,
          preferred_username: account.preferredUsername,
          groups: account.groups,
          ...(account.managerEmail ? { manager_email: account.managerEmail } : {}),
        }),
      };
    },
    // A first-party application: the company consented for everyone, as admins do in Entra or Okta.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const client = ctx.oidc.client!;
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session!.grantIdFor(client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: ctx.oidc.session!.accountId });
      grant.addOIDCScope("openid email profile groups");
      await grant.save();
      return grant;
    },
    renderError(ctx, out) {
      ctx.type = "html";
      ctx.body = `<!doctype html><title>Error</title><h1>Sign-in error</h1><p>${escapeHtml(String(out.error))}: ${escapeHtml(String(out.error_description ?? ""))}</p>`;
    },
  };
}

/** The login page: GET shows the form, POST checks the password and finishes the interaction. */
async function interaction(provider: Provider, req: http.IncomingMessage, res: http.ServerResponse) {
  const details = await provider.interactionDetails(req, res);
  if (req.method === "GET") return page(res, details.uid, null);
  const form = new URLSearchParams(await readBody(req));
  const name = (form.get("username") ?? "").trim().toLowerCase().split("@")[0];
  const account = Object.hasOwn(TEST_OIDC_ACCOUNTS, name) ? TEST_OIDC_ACCOUNTS[name] : undefined;
  if (!account || form.get("password") !== account.password) return page(res, details.uid, "Wrong user name or password.");
  await provider.interactionFinished(req, res, { login: { accountId: account.sub, amr: account.amr, remember: false } }, { mergeWithLastSubmission: false });
}

function page(res: http.ServerResponse, uid: string, error: string | null) {
  res.writeHead(error ? 401 : 200, { "content-type": "text/html; charset=utf-8" });
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test IdP sign-in</title></head><body>
<main><h1>Test IdP</h1>${error ? `<p role="alert">${escapeHtml(error)}</p>` : ""}
<form method="post" action="/interaction/${escapeHtml(uid)}">
<label>User name <input name="username" autocomplete="username" required></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Continue</button></form></main></body></html>`);
}

async function tampered(idToken: string, kind: Exclude<Tamper, null>, key: JWK, issuer: string): Promise<string> {
  const claims = decodeJwt(idToken);
  const now = Math.floor(Date.now() / 1000);
  if (kind === "issuer") claims.iss = issuer.replace("localhost", "idp.attacker.example");
  if (kind === "audience") claims.aud = "some-other-application";
  if (kind === "expired") Object.assign(claims, { iat: now - 7200, exp: now - 3600 });
  // Signed with the provider's own key: only the claims are wrong.
  return new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid: key.kid, typ: "JWT" }).sign(await importJWK(key, "RS256"));
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      body += chunk;
      if (body.length > 10_000) req.destroy();
    });
    req.on("end", () => resolve(body));
    req.on("error", reject);
  });
}

function fail(res: http.ServerResponse, error: unknown) {
  console.error("[test idp]", error);
  if (!res.headersSent) res.writeHead(400, { "content-type": "text/plain" });
  res.end(`Interaction failed: ${error instanceof Error ? error.message : String(error)}`);
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
