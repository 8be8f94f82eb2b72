// serverActions.allowedOrigins for next.config.js. Next runs a server action only when the request's
// Origin matches X-Forwarded-Host (or Host), or a host listed here. Behind a reverse proxy that
// passes its upstream's name as Host, the portal's public host (PORTAL_URL, as lib/config reads it:
// else AUTH_URL, which scripts/start.ts sets to the portal's URL) must be listed, and only it.
// Plain JavaScript because next.config.js imports it; types in server-action-origins.d.ts.

/**
 * @param {Record<string, string | undefined>} env
 * @returns {string[]} host[:port] of the portal's public URL; none when unset (the Host then decides)
 */
export function serverActionAllowedOrigins(env) {
  const url = [env.PORTAL_URL, env.AUTH_URL].map((value) => value?.trim()).find(Boolean);
  if (!url) return [];
  try {
    return [new URL(url).host];
  } catch {
    // lib/config refuses such a URL at start-up with a clear message; a build must not fail on it.
    return [];
  }
}
