/**
 * The demo directory's Administrator (corp.example.com, d-9067000001, lib/aws-emulator/demo-seed.ts),
 * as Directory Service creates it with a Simple AD. The embedded default's directory users pages
 * use it as their service account (lib/config.ts). Its password is demo data, known only to the
 * emulator: lib/config gives it only to the emulator's own LDAPS, never to a real directory.
 * The same as Administrator's in scripts/samba-test-dc.sh, so tests and docs fit both.
 */
export const DEMO_DIRECTORY_ADMIN = {
  userName: "Administrator",
  bindName: "Administrator@corp.example.com",
  password: "Adm1n-Test-Pass!",
} as const;
