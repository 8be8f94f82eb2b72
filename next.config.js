/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WebAssembly and data files that must be loaded from node_modules, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "pg", "@prisma/adapter-pg", "bcryptjs", "prom-client"],
  poweredByHeader: false,
  typedRoutes: false,
  experimental: {
    // Bulk provisioning uploads CSV files of up to 2 MB through server actions (default limit 1 MB).
    serverActions: { bodySizeLimit: "3mb" },
  },
};
export default nextConfig;
