import { STATIC_SECURITY_HEADERS } from "./lib/http/security-headers.js";
import { serverActionAllowedOrigins } from "./lib/http/server-action-origins.js";

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WebAssembly and data files that must be loaded from node_modules, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "pg", "@prisma/adapter-pg", "bcryptjs", "prom-client"],
  poweredByHeader: false,
  typedRoutes: false,
  experimental: {
    // Bulk provisioning uploads CSV files of up to 2 MB through server actions (default limit 1 MB).
    // Read when the server starts (not baked into the build): the portal's public host, so that
    // actions still run behind a proxy that passes its upstream's name as Host.
    serverActions: { bodySizeLimit: "3mb", allowedOrigins: serverActionAllowedOrigins(process.env) },
  },
  // On every response, Next's own files too; proxy.ts adds the per-request Content-Security-Policy.
  async headers() {
    return [{ source: "/:path*", headers: [...STATIC_SECURITY_HEADERS] }];
  },
};
export default nextConfig;
