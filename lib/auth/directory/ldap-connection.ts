// The one way the portal opens an LDAP connection to a domain controller: LDAPS, TLS 1.2 or later,
// the certificate always verified (the configured CA added to the system's). Shared by directory
// sign-in (ldap-bind.ts) and the directory users pages (lib/directories/users/ldap-admin.ts).
import tls from "node:tls";
import { Client } from "ldapts";

export type LdapEndpoint = {
  url: string;
  /** Extra trusted CA certificates (PEM), added to the system's. Certificates are always verified. */
  caPem: string | undefined;
  timeoutMs: number;
};

const CERTIFICATE_ERRORS = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "CERT_UNTRUSTED",
]);

export function openLdapClient(endpoint: LdapEndpoint): Client {
  return new Client({
    url: endpoint.url,
    timeout: endpoint.timeoutMs,
    connectTimeout: endpoint.timeoutMs,
    strictDN: true,
    tlsOptions: {
      minVersion: "TLSv1.2",
      rejectUnauthorized: true,
      ...(endpoint.caPem ? { ca: [...tls.rootCertificates, endpoint.caPem] } : {}),
    },
  });
}

/** A connection that failed (not an LDAP answer): an untrusted certificate or an unreachable server. */
export function connectionFailure(error: unknown): { kind: "UNREACHABLE" | "UNTRUSTED_CERTIFICATE"; detail: string } {
  const code = (error as NodeJS.ErrnoException).code;
  if (code && CERTIFICATE_ERRORS.has(code)) {
    return { kind: "UNTRUSTED_CERTIFICATE", detail: `${code}: ${(error as Error).message}` };
  }
  return { kind: "UNREACHABLE", detail: `${code ?? (error as Error).name}: ${(error as Error).message}` };
}
