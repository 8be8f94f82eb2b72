// The request id inside Next.js (server actions, routes): the one the portal's server stamped on
// the request (http-observer.ts), or a new one where none is (a bare `next start`, tests).
import { headers } from "next/headers";
import { REQUEST_ID_HEADER, requestIdFrom } from "./request-id";

export async function requestIdOfCurrentRequest(): Promise<string> {
  try {
    return requestIdFrom((await headers()).get(REQUEST_ID_HEADER));
  } catch {
    // Called outside a request (a script): there is no header to read.
    return requestIdFrom(undefined);
  }
}
