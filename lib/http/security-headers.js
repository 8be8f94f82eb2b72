// The security headers every response carries (a review found none). Plain JavaScript because
// next.config.js imports it too: next.config.js sends the static ones on every path (Next's own
// files included), and proxy.ts adds the Content-Security-Policy with a fresh nonce per request and,
// over https, HSTS. Types: security-headers.d.ts.

/** Headers that never change: no framing (a desktop page's buttons under someone else's page), no MIME sniffing. */
export const STATIC_SECURITY_HEADERS = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  // Addresses carry ids and callback paths: other sites get none of them.
  { key: "Referrer-Policy", value: "same-origin" },
  // Browser features the portal never uses, refused to this page and anything it could embed.
  {
    key: "Permissions-Policy",
    value:
      "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), hid=(), magnetometer=(), microphone=(), midi=(), payment=(), serial=(), usb=()",
  },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/** Sent over https only: browsers ignore it over http, and a plain-http test set-up must keep working. */
export const STRICT_TRANSPORT_SECURITY = "max-age=63072000; includeSubDomains";

/**
 * The Content-Security-Policy of one response. Next reads the nonce back from the request's copy
 * of this header and puts it on its own scripts and inline styles; 'strict-dynamic' lets those
 * scripts load the rest of the app's chunks. Style attributes are refused too (no 'unsafe-inline'):
 * widths come from classes (components/percent-width.ts).
 * @param {string} nonce fresh, unpredictable, base64
 * @param {{ https: boolean, development: boolean }} options
 * @returns {string}
 */
export function contentSecurityPolicy(nonce, { https, development }) {
  const directives = [
    "default-src 'self'",
    // React's development build evaluates code for its error overlays; production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' ${development ? "'unsafe-inline'" : `'nonce-${nonce}'`}`,
    // data: for the QR code of the two-step set-up.
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}
