import { NextResponse, type NextRequest } from "next/server";
import { STATIC_SECURITY_HEADERS, STRICT_TRANSPORT_SECURITY, contentSecurityPolicy } from "@/lib/http/security-headers.js";

// Two jobs. 1: every response gets the security headers, with a Content-Security-Policy whose
// nonce is new on each request (Next puts it on its scripts). 2: anonymous visitors of app pages
// go to the sign-in page. That redirect is NOT a security boundary: it only looks for a session
// cookie, without checking it. Every page, action and route authorizes itself (lib/auth/session,
// lib/auth/policy).

// Auth.js's session cookie; "__Secure-" over https; ".0", ".1"... when split in chunks.
const SESSION_COOKIE = /^(__Secure-)?authjs\.session-token(\.\d+)?$/;

// Pages anyone may see, APIs (they answer 401 themselves), health checks, Next's assets and files
// with an extension (favicon.ico, robots.txt, images): no sign-in redirect.
const PUBLIC_PATH = /^\/(?:sign-in(?:\/|$)|help(?:\/|$)|setup(?:\/|$)|healthz$|readyz$|api\/|_next\/|.*\.[A-Za-z0-9]+$)/;

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString("base64");
  const https = request.nextUrl.protocol === "https:";
  const csp = contentSecurityPolicy(nonce, { https, development: process.env.NODE_ENV === "development" });
  // Next renders with the nonce it finds in the request's copy of the policy.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", csp);
  const response = redirectToSignIn(request) ?? NextResponse.next({ request: { headers: requestHeaders } });

  response.headers.set("Content-Security-Policy", csp);
  for (const { key, value } of STATIC_SECURITY_HEADERS) response.headers.set(key, value);
  if (https) response.headers.set("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
  return response;
}

function redirectToSignIn(request: NextRequest): NextResponse | undefined {
  // Server actions and other non-GET requests answer for themselves (UNAUTHENTICATED
  // results); redirecting a POST would only turn a clear error into a confusing one.
  if (request.method !== "GET" && request.method !== "HEAD") return undefined;
  const { pathname, search } = request.nextUrl;
  if (PUBLIC_PATH.test(pathname)) return undefined;
  const hasSession = request.cookies.getAll().some((cookie) => SESSION_COOKIE.test(cookie.name) && cookie.value !== "");
  if (hasSession) return undefined;

  const signIn = new URL("/sign-in", request.url);
  if (pathname !== "/" || search) signIn.searchParams.set("callbackUrl", `${pathname}${search}`);
  return NextResponse.redirect(signIn);
}

export const config = {
  // Every request but Next's build assets (next.config.js gives those the static headers).
  matcher: ["/((?!_next/static/|_next/image).*)"],
};
