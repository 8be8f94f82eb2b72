// The test OpenID provider as a process, for Playwright's webServer list (see playwright.config.ts):
//   OIDC_PORT=3410 OIDC_REDIRECT_URI=http://localhost:3400/api/auth/callback/oidc OIDC_CLIENT_SECRET=... npx tsx test-support/oidc-provider-cli.ts
import { startTestOidcProvider } from "./oidc-provider";

const port = Number(process.env.OIDC_PORT ?? 3410);
const redirectUri = process.env.OIDC_REDIRECT_URI;
if (!redirectUri) throw new Error("OIDC_REDIRECT_URI must name the portal's callback, <PORTAL_URL>/api/auth/callback/oidc");

const idp = await startTestOidcProvider({ port, redirectUris: [redirectUri], clientId: process.env.OIDC_CLIENT_ID, clientSecret: process.env.OIDC_CLIENT_SECRET });
console.log(`Test OpenID provider on ${idp.issuer} (client ${idp.clientId})`);
const stop = () => void idp.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
