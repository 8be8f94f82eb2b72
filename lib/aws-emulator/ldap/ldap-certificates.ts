/**
 * The emulator's LDAPS certificates: a CA made at first start and a server certificate for
 * 127.0.0.1 and localhost signed by it. Both live in the data directory, so the CA a portal was
 * told to trust (PORTAL_LDAP_CA_FILE) stays the same across restarts. Clients verify the chain as
 * they would a real domain controller's; nothing here turns verification off.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import forge from "node-forge";

export interface LdapCertificates {
  caPem: string;
  certPem: string;
  keyPem: string;
  /** Where ca.pem is kept (absent when the emulator keeps no data directory). */
  caFile?: string;
}

const DAY_MS = 86_400_000;

function keyPair(): { privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey } {
  // Node's native generator: forge's own would take seconds for a 2048-bit key.
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "pkcs1", format: "pem" } });
  const key = forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey;
  return { privateKey: key, publicKey: forge.pki.setRsaPublicKey(key.n, key.e) };
}

function newCertificate(publicKey: forge.pki.PublicKey, days: number): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  // A positive serial (first bit clear), random so a new CA never repeats an old one's.
  cert.serialNumber = `01${randomBytes(15).toString("hex")}`;
  cert.validity.notBefore = new Date(Date.now() - DAY_MS);
  cert.validity.notAfter = new Date(Date.now() + days * DAY_MS);
  return cert;
}

function makeCa(): { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey } {
  const { privateKey, publicKey } = keyPair();
  const cert = newCertificate(publicKey, 3650);
  const subject = [{ name: "commonName", value: "WorkSpaces Portal AWS emulator LDAPS CA" }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: "basicConstraints", cA: true, critical: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    { name: "subjectKeyIdentifier" },
  ]);
  cert.sign(privateKey, forge.md.sha256.create());
  return { cert, key: privateKey };
}

function makeServerCertificate(ca: { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey }): { certPem: string; keyPem: string } {
  const { privateKey, publicKey } = keyPair();
  const cert = newCertificate(publicKey, 825);
  cert.setSubject([{ name: "commonName", value: "localhost" }]);
  cert.setIssuer(ca.cert.subject.attributes);
  cert.setExtensions([
    { name: "basicConstraints", cA: false },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
    { name: "extKeyUsage", serverAuth: true },
    { name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }, { type: 2, value: "localhost" }] },
    { name: "authorityKeyIdentifier", keyIdentifier: ca.cert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(ca.key, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: forge.pki.privateKeyToPem(privateKey) };
}

/** A server certificate a client will still accept for a while (renewed a month before it ends). */
function stillGood(certPem: string): boolean {
  try {
    return forge.pki.certificateFromPem(certPem).validity.notAfter.getTime() > Date.now() + 30 * DAY_MS;
  } catch {
    return false;
  }
}

/** The CA and server certificate in `dir` (made there when missing), or fresh ones in memory. */
export function loadOrCreateCertificates(dir: string | undefined): LdapCertificates {
  if (!dir) {
    const ca = makeCa();
    return { caPem: forge.pki.certificateToPem(ca.cert), ...makeServerCertificate(ca) };
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = (name: string) => path.join(dir, name);
  if (!existsSync(file("ca.pem")) || !existsSync(file("ca-key.pem"))) {
    const ca = makeCa();
    // Key first: a crash between the two writes leaves no CA without its key.
    writeFileSync(file("ca-key.pem"), forge.pki.privateKeyToPem(ca.key), { mode: 0o600 });
    writeFileSync(file("ca.pem"), forge.pki.certificateToPem(ca.cert));
  }
  const caPem = readFileSync(file("ca.pem"), "utf8");
  const certPem = existsSync(file("server.pem")) ? readFileSync(file("server.pem"), "utf8") : "";
  const signedByCa = (() => {
    try {
      return forge.pki.certificateFromPem(caPem).verify(forge.pki.certificateFromPem(certPem));
    } catch {
      return false;
    }
  })();
  if (!existsSync(file("server-key.pem")) || !stillGood(certPem) || !signedByCa) {
    const ca = { cert: forge.pki.certificateFromPem(caPem), key: forge.pki.privateKeyFromPem(readFileSync(file("ca-key.pem"), "utf8")) as forge.pki.rsa.PrivateKey };
    const server = makeServerCertificate(ca);
    writeFileSync(file("server-key.pem"), server.keyPem, { mode: 0o600 });
    writeFileSync(file("server.pem"), server.certPem);
  }
  return { caPem, certPem: readFileSync(file("server.pem"), "utf8"), keyPem: readFileSync(file("server-key.pem"), "utf8"), caFile: file("ca.pem") };
}
