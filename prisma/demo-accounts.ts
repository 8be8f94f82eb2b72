// Demo accounts of the embedded default. Their directory users exist in the emulator's seeded
// Simple AD (corp.example.com), so CreateWorkspaces finds them as the real service would.
export const DEMO_PASSWORD = "workspaces-demo";
export const DEMO_ACCOUNTS = [
  { email: "alice@example.com", name: "Alice Employee", role: "EMPLOYEE", directoryUserName: "alice" },
  { email: "bob@example.com", name: "Bob Employee", role: "EMPLOYEE", directoryUserName: "bob" },
  { email: "carol@example.com", name: "Carol Approver", role: "APPROVER", directoryUserName: "carol" },
  { email: "dave@example.com", name: "Dave Admin", role: "ADMIN", directoryUserName: "dave" },
] as const;
