// The control API (/emulator/...) can rewrite the emulator's whole state and clock, so only local
// programs may call it. Two browser attacks are refused: a cross-site page posting a "simple"
// request (text/plain needs no CORS preflight), and DNS rebinding, where an attacker's host name
// resolves to 127.0.0.1 and the browser sends that name as Host.
import { isIP } from "node:net";
import type { IncomingHttpHeaders } from "node:http";

/** A reason to refuse the request, or null when it comes from a local program or a local page. */
export function refuseControlRequest(headers: IncomingHttpHeaders): string | null {
  if (!isLoopbackHost(headers.host)) return "The control API answers only on a loopback host name (localhost, 127.0.0.1 or [::1]).";
  const site = headers["sec-fetch-site"];
  if (site === "cross-site") return "The control API refuses cross-site requests.";
  const origin = headers.origin;
  if (origin !== undefined && origin !== "null") {
    let host: string;
    try {
      host = new URL(origin).host;
    } catch {
      return "The control API refuses a request with an unreadable Origin.";
    }
    if (!isLoopbackHost(host)) return "The control API refuses cross-site requests.";
  } else if (origin === "null") {
    return "The control API refuses requests from opaque origins.";
  }
  return null;
}

function isLoopbackHost(hostHeader: string | undefined): boolean {
  if (!hostHeader) return false;
  const match = /^(?:\[([^\]]+)\]|([^:]+))(?::\d+)?$/.exec(hostHeader.trim());
  if (!match) return false;
  const name = (match[1] ?? match[2]).toLowerCase();
  if (name === "localhost") return true;
  if (isIP(name) === 4) return name.startsWith("127.");
  return isIP(name) === 6 && name === "::1";
}
