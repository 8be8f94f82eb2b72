/**
 * Opaque NextToken values. A token names the listing it belongs to (operation and filter) and the
 * position after which the next page starts; a token from another listing, or any tampered string,
 * is rejected the way AWS rejects it.
 */
import { awsErrors } from "./aws-error";
import { hashString } from "./seeded-random";

interface TokenBody {
  s: string;
  p: number | string;
  h: number;
}

export function encodePagingToken(scope: string, position: number | string): string {
  const body: TokenBody = { s: scope, p: position, h: hashString(`${scope}|${position}`) };
  return Buffer.from(JSON.stringify(body)).toString("base64url");
}

/** The position, or undefined when the token is not one this listing issued. */
export function decodePagingToken(token: string, scope: string): number | string | undefined {
  try {
    const body = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as TokenBody;
    if (body.s !== scope || (typeof body.p !== "number" && typeof body.p !== "string")) return undefined;
    if (body.h !== hashString(`${scope}|${body.p}`)) return undefined;
    return body.p;
  } catch {
    return undefined;
  }
}

/**
 * One page of an in-memory listing by index: the items and the NextToken, if more remain.
 * A token this listing did not issue is InvalidParameterValuesException, as WorkSpaces answers.
 */
export function pageOf<T>(items: readonly T[], token: string | undefined, scope: string, pageSize: number): { page: T[]; nextToken?: string } {
  let start = 0;
  if (token !== undefined) {
    const position = decodePagingToken(token, scope);
    if (typeof position !== "number") throw awsErrors.invalidParameterValues("The value of NextToken is not valid.");
    start = position;
  }
  const page = items.slice(start, start + pageSize);
  const end = start + page.length;
  return { page, ...(end < items.length ? { nextToken: encodePagingToken(scope, end) } : {}) };
}
