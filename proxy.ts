import { NextResponse, type NextRequest } from "next/server";

// Sends anonymous visitors of app pages to the sign-in page, and nothing more. This is
// NOT a security boundary: it only looks for a session cookie, without checking it.
// Every page, action and route authorizes itself (lib/auth/session, lib/auth/policy).

// Auth.js's session cookie; "__Secure-" over https; ".0", ".1"... when split in chunks.
const SESSION_COOKIE = /^(__Secure-)?authjs\.session-token(\.\d+)?$/;

export function proxy(request: NextRequest) {
  // Server actions and other non-GET requests answer for themselves (UNAUTHENTICATED
  // results); redirecting a POST would only turn a clear error into a confusing one.
  if (request.method !== "GET" && request.method !== "HEAD") return NextResponse.next();
  const hasSession = request.cookies.getAll().some((cookie) => SESSION_COOKIE.test(cookie.name) && cookie.value !== "");
  if (hasSession) return NextResponse.next();

  const { pathname, search } = request.nextUrl;
  const signIn = new URL("/sign-in", request.url);
  if (pathname !== "/" || search) signIn.searchParams.set("callbackUrl", `${pathname}${search}`);
  return NextResponse.redirect(signIn);
}

export const config = {
  // Everything except the sign-in, help and first-admin setup pages, APIs (they answer 401
  // themselves), Next's assets and files with an extension (favicon.ico, robots.txt, images).
  matcher: ["/((?!sign-in(?:/|$)|help(?:/|$)|setup(?:/|$)|api/|_next/|.*\\.[A-Za-z0-9]+$).*)"],
};
