import { fleetPageJson, listFleet } from "@/lib/desktops/queries";
import { readFleetRequest } from "@/lib/desktops/fleet-request";

// The fleet page's live view: one page of the list as JSON, polled by a watching tab instead of
// re-rendering the whole page. Unchanged since the tab's version (If-None-Match): 304, no body.
export async function GET(request: Request) {
  const asked = await readFleetRequest(request);
  if (!asked.ok) return asked.response;
  const { json, etag } = fleetPageJson(await listFleet(asked.filter));
  // Private: the list is for this signed-in admin only; no-cache: always ask, the answer may be 304.
  const headers = { etag, "cache-control": "private, no-cache" };
  if (request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
  return new Response(json, { headers: { ...headers, "content-type": "application/json" } });
}
