"use server";
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { db } from "@/lib/db/client";
import { defineAction } from "@/lib/auth/define-action";
import { clientAddressFrom } from "@/lib/auth/client-address";
import { hashPassword } from "@/lib/auth/password";
import { generatePassword } from "@/lib/auth/password-rules";
import { createFirstAdmin as createFirstAdminRow } from "./first-admin";
import {
  changeOwnPassword as changeOwnPasswordRow,
  changeUserRole as changeUserRoleRow,
  endSessionsOfUser as endSessionsOfUserRow,
  deleteRoleMapping as deleteRoleMappingRow,
  resetUserPassword as resetUserPasswordRow,
  saveRoleMapping as saveRoleMappingRow,
  setRoleOverride as setRoleOverrideRow,
  setUserDisabled as setUserDisabledRow,
} from "./mutations";
import { loadUserForPolicy } from "./queries";
import {
  changeOwnPasswordSchema,
  changeUserRoleSchema,
  deleteRoleMappingSchema,
  firstAdminSchema,
  resetUserPasswordSchema,
  roleMappingSchema,
  setRoleOverrideSchema,
  setUserDisabledSchema,
  userOnlySchema,
} from "./schema";
import { resetMfa } from "@/lib/mfa/mutations";

// The account the action is about, loaded from the database; the policy refuses one's own
// (user.role.change, user.disable and user.password.reset reach only "others").
const account = <A extends "user.role.change" | "user.disable" | "user.password.reset" | "user.sessions.end" | "user.mfa.reset">(action: A) =>
  ({ id: (input: { userId: string }) => input.userId, load: loadUserForPolicy, noun: "The user", see: "user.read", action }) as const;

function revalidateUser(id: string) {
  revalidatePath("/admin/users");
  revalidatePath(`/admin/users/${id}`);
}

/** Admin: change a local account's role (not one's own). */
export const changeUserRole = defineAction(changeUserRoleSchema, { resource: account("user.role.change") }, async (input, { user }) => {
  const done = await db.$transaction((tx) => changeUserRoleRow(tx, user, input));
  if (done.ok) revalidateUser(input.userId);
  return done;
});

/** Admin: set or clear a directory or SSO account's role override (not one's own). */
export const setRoleOverride = defineAction(setRoleOverrideSchema, { resource: account("user.role.change") }, async (input, { user }) => {
  const done = await db.$transaction((tx) => setRoleOverrideRow(tx, user, input));
  if (done.ok) revalidateUser(input.userId);
  return done;
});

/** Admin: disable or enable an account (not one's own). */
export const setUserDisabled = defineAction(setUserDisabledSchema, { resource: account("user.disable") }, async (input, { user }) => {
  const done = await db.$transaction((tx) => setUserDisabledRow(tx, user, input));
  if (done.ok) revalidateUser(input.userId);
  return done;
});

/** Admin: set a new password on a local account; a generated one comes back once. */
export const resetUserPassword = defineAction(resetUserPasswordSchema, { resource: account("user.password.reset") }, async (input, { user }) => {
  const password = input.mode === "generate" ? generatePassword() : input.password;
  // Hashing is slow (bcrypt); not inside the transaction.
  const passwordHash = await hashPassword(password);
  const done = await db.$transaction((tx) => resetUserPasswordRow(tx, user, { userId: input.userId, passwordHash, generated: input.mode === "generate" }));
  if (!done.ok) return done;
  revalidateUser(input.userId);
  return { ok: true as const, generatedPassword: input.mode === "generate" ? password : null };
});

/** Admin: add or edit a group-to-role mapping. */
export const saveRoleMapping = defineAction(roleMappingSchema, { allow: "role.mapping.manage" }, async (input, { user }) => {
  const done = await db.$transaction((tx) => saveRoleMappingRow(tx, user, input));
  if (done.ok) revalidatePath("/admin/roles");
  return done;
});

/** Admin: remove a group-to-role mapping. */
export const deleteRoleMapping = defineAction(deleteRoleMappingSchema, { allow: "role.mapping.manage" }, async (input, { user }) => {
  const done = await db.$transaction((tx) => deleteRoleMappingRow(tx, user, input.mappingId));
  if (done.ok) revalidatePath("/admin/roles");
  return done;
});

/** Anyone with a local account: change their own password, proving the current one. */
export const changeOwnPassword = defineAction(changeOwnPasswordSchema, { allow: "account.password.change" }, async (input, { user }) =>
  changeOwnPasswordRow(db, user, input),
);

/**
 * Anyone holding the one-time setup link, while no admin exists: create the first admin. The link is
 * the credential (lib/users/first-admin.ts); the caller's session plays no part.
 */
export const createFirstAdmin = defineAction(firstAdminSchema, "anyone", async (input) => {
  // Hashing takes a quarter of a second; not inside the transaction.
  const passwordHash = await hashPassword(input.password);
  const ipAddress = clientAddressFrom(await headers());
  const created = await db.$transaction((tx) => createFirstAdminRow(tx, { token: input.token, name: input.name, email: input.email, passwordHash }, { ipAddress }));
  return created.ok ? { ok: true as const } : created;
});

/** Admin: sign an account out everywhere (not one's own: signing out does that). */
export const endUserSessions = defineAction(userOnlySchema, { resource: account("user.sessions.end") }, async (input, { user }) => {
  const done = await db.$transaction((tx) => endSessionsOfUserRow(tx, user, input));
  if (done.ok) revalidateUser(input.userId);
  return done;
});

/** Admin: take away an account's authenticator app and recovery codes (a lost phone); ends its sessions. */
export const resetUserMfa = defineAction(userOnlySchema, { resource: account("user.mfa.reset") }, async (input, { user }) => {
  const ipAddress = clientAddressFrom(await headers());
  const done = await db.$transaction((tx) => resetMfa(tx, input.userId, user, { ipAddress }));
  revalidateUser(input.userId);
  return { ok: true as const, hadMfa: done.hadMfa, sessionsEnded: done.sessionsEnded };
});
