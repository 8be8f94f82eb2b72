import { STATIC_SECURITY_HEADERS } from "./lib/http/security-headers.js";

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WebAssembly and data files that must be loaded from node_modules, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "pg", "@prisma/adapter-pg", "bcryptjs"],
  poweredByHeader: false,
  typedRoutes: false,
  experimental: {
    // Bulk provisioning uploads CSV files of up to 2 MB through server actions (default limit 1 MB).
    serverActions: { bodySizeLimit: "3mb" },
  },
  // On every response, Next's own files too; proxy.ts adds the per-request Content-Security-Policy.
  async headers() {
    return [{ source: "/:path*", headers: [...STATIC_SECURITY_HEADERS] }];
  },
};
export default nextConfig;
