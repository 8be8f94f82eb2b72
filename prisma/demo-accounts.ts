// Demo accounts of the embedded default. Their directory users exist in the emulator's seeded
// Simple AD (corp.example.com), so CreateWorkspaces finds them as the real service would.
export const DEMO_PASSWORD = "workspaces-demo";
// The approver and the admin must use two-step verification (PORTAL_MFA_REQUIRED_ROLES): in the demo
// they share this published TOTP key (add it to any authenticator app, or compute codes with otpauth,
// as e2e/pages/portal.ts does). Only the demo seed uses it; a real account gets a random one.
export const DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
export const DEMO_ACCOUNTS = [
  // Alice's manager is Dave: an approval policy with a manager level sends her requests to him first.
  { email: "alice@example.com", name: "Alice Employee", role: "EMPLOYEE", directoryUserName: "alice", mfa: false, managerEmail: "dave@example.com" },
  { email: "bob@example.com", name: "Bob Employee", role: "EMPLOYEE", directoryUserName: "bob", mfa: false },
  { email: "carol@example.com", name: "Carol Approver", role: "APPROVER", directoryUserName: "carol", mfa: true },
  { email: "dave@example.com", name: "Dave Admin", role: "ADMIN", directoryUserName: "dave", mfa: true },
  // An admin who has not set up two-step verification yet: her first sign-in shows the set-up that
  // every approver and admin goes through (and the browser tests use her for it). No directory user.
  { email: "nora@example.com", name: "Nora New-Admin", role: "ADMIN", directoryUserName: null, mfa: false },
] as const;
