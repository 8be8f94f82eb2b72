import type { Role, UserSource } from "@/lib/db/generated/enums";

// How roles and sources read on screen.
export const ROLE_LABEL: Record<Role, string> = { EMPLOYEE: "Employee", APPROVER: "Approver", ADMIN: "Admin" };
export const SOURCE_LABEL: Record<UserSource, string> = { LOCAL: "Local", DIRECTORY: "Directory", SSO: "Single sign-on" };
