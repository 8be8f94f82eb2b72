// Unit: requests are grouped by route pattern, so a label never holds an id.
import { expect, it } from "vitest";
import { routeLabeler } from "./route-label";

it("names the route pattern of a path, and never a raw path", () => {
  const routeOf = routeLabeler({
    staticRoutes: [{ page: "/" }, { page: "/sign-in" }, { page: "/admin/fleet" }],
    dynamicRoutes: [
      { page: "/desktops/[id]", regex: "^/desktops/([^/]+?)(?:/)?$" },
      { page: "/api/auth/[...nextauth]", regex: "^/api/auth/(.+?)(?:/)?$" },
    ],
  });
  expect(routeOf("/")).toBe("/");
  expect(routeOf("/sign-in/")).toBe("/sign-in");
  expect(routeOf("/desktops/cmx880qvz00047i7dcoj7niji")).toBe("/desktops/[id]");
  expect(routeOf("/api/auth/callback/oidc")).toBe("/api/auth/[...nextauth]");
  expect(routeOf("/_next/static/chunks/app-123.js")).toBe("/_next/static");
  expect(routeOf("/_next/image")).toBe("/_next");
  expect(routeOf("/wp-login.php")).toBe("other");
});
