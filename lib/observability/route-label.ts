// The route pattern a path belongs to ("/desktops/[id]"), from the build's routes manifest: logs
// and metrics group requests by route, and a label made of raw paths would grow without bound.
import fs from "node:fs";
import path from "node:path";

export type RouteLabeler = (pathname: string) => string;

interface RoutesManifest {
  staticRoutes?: { page: string }[];
  dynamicRoutes?: { page: string; regex: string }[];
}

/** Reads `<root>/.next/routes-manifest.json`; without one (dev, tests) every page is "other". */
export function routeLabelerFromBuild(root: string): RouteLabeler {
  let manifest: RoutesManifest = {};
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(root, ".next", "routes-manifest.json"), "utf8")) as RoutesManifest;
  } catch {
    // No production build: keep the fixed labels below.
  }
  return routeLabeler(manifest);
}

export function routeLabeler(manifest: RoutesManifest): RouteLabeler {
  const exact = new Set((manifest.staticRoutes ?? []).map((r) => r.page));
  const dynamic = (manifest.dynamicRoutes ?? []).map((r) => ({ page: r.page, regex: new RegExp(r.regex) }));
  return (pathname) => {
    if (pathname.startsWith("/_next/static/")) return "/_next/static";
    if (pathname.startsWith("/_next/")) return "/_next";
    const trimmed = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
    if (exact.has(trimmed)) return trimmed;
    for (const route of dynamic) if (route.regex.test(pathname)) return route.page;
    return "other";
  };
}
