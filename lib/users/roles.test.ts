import { describe, expect, it } from "vitest";
import { resolveRole } from "./roles";

const mappings = [
  { groupName: "WorkSpaces Approvers", role: "APPROVER" as const },
  { groupName: "Domain Admins", role: "ADMIN" as const },
  { groupName: "Staff", role: "EMPLOYEE" as const },
];

describe("resolveRole", () => {
  it("gives an unmapped person the employee role", () => {
    expect(resolveRole({ groups: ["Marketing"], mappings, override: null })).toBe("EMPLOYEE");
  });
  it("gives the highest role of all mapped groups", () => {
    expect(resolveRole({ groups: ["Staff", "Domain Admins", "WorkSpaces Approvers"], mappings, override: null })).toBe("ADMIN");
    expect(resolveRole({ groups: ["Staff", "WorkSpaces Approvers"], mappings, override: null })).toBe("APPROVER");
  });
  it("compares group names as AD does, ignoring case and surrounding spaces", () => {
    expect(resolveRole({ groups: [" workspaces approvers"], mappings, override: null })).toBe("APPROVER");
  });
  it("lets an admin's override win over the groups, up or down", () => {
    expect(resolveRole({ groups: ["Domain Admins"], mappings, override: "EMPLOYEE" })).toBe("EMPLOYEE");
    expect(resolveRole({ groups: [], mappings, override: "APPROVER" })).toBe("APPROVER");
  });
});
