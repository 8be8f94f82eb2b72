import { z } from "zod";
import { recordId } from "@/lib/record-id";
import { credentialsSchema, PASSWORD_INPUT_MAX } from "@/lib/auth/schema";
import { passwordProblem } from "@/lib/auth/password-rules";

// Inputs of the users, role-mapping, account and first-run actions, shared by forms and actions.

const id = recordId();
const role = z.enum(["EMPLOYEE", "APPROVER", "ADMIN"], { message: "Choose a role." });

export const changeUserRoleSchema = z.object({ userId: id, role });

/** Ending all of an account's sessions, or resetting its two-step verification: only whose. */
export const userOnlySchema = z.object({ userId: id });

/** "" clears the override: the groups decide again. */
export const setRoleOverrideSchema = z.object({
  userId: id,
  role: z.enum(["", "EMPLOYEE", "APPROVER", "ADMIN"], { message: "Choose a role, or the groups' role." }),
});

export const setUserDisabledSchema = z.object({
  userId: id,
  disabled: z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")], { message: "Choose disable or enable." }),
});

const newPassword = z.string({ message: "Enter a new password." }).min(1, "Enter a new password.").max(PASSWORD_INPUT_MAX, "That password is too long.");
const repeated = z.string({ message: "Enter the new password again." }).max(PASSWORD_INPUT_MAX, "That password is too long.");

// A new password is typed twice and meets lib/auth/password-rules.
function checkNewPassword(value: { password: string; confirm: string }, ctx: z.RefinementCtx, account: { email?: string } = {}) {
  const problem = passwordProblem(value.password, account);
  if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
  else if (value.password !== value.confirm) ctx.addIssue({ code: "custom", path: ["confirm"], message: "The two passwords differ. Type the same password twice." });
}

/** An admin resets a local account's password: one they type twice, or one the portal makes up. */
export const resetUserPasswordSchema = z.discriminatedUnion(
  "mode",
  [
    z.object({ userId: id, mode: z.literal("generate") }),
    z.object({ userId: id, mode: z.literal("type"), password: newPassword, confirm: repeated }).superRefine((v, ctx) => checkNewPassword(v, ctx)),
  ],
  { message: "Choose to type a password or to generate one." },
);

export const changeOwnPasswordSchema = z
  .object({
    currentPassword: z.string({ message: "Enter your current password." }).min(1, "Enter your current password.").max(PASSWORD_INPUT_MAX, "That password is too long."),
    password: newPassword,
    confirm: repeated,
  })
  .superRefine((v, ctx) => {
    checkNewPassword(v, ctx);
    if (v.password && v.password === v.currentPassword) ctx.addIssue({ code: "custom", path: ["password"], message: "Choose a password different from the current one." });
  });

export const GROUP_NAME_MAX = 256;

export const roleMappingSchema = z.object({
  /** Empty for a new mapping. */
  mappingId: z.string({ message: "This page is out of date. Reload it and try again." }).max(64, "This page is out of date. Reload it and try again.").optional().default(""),
  source: z.enum(["DIRECTORY", "SSO"], { message: "Choose directory or single sign-on." }),
  groupName: z
    .string({ message: "Enter the group's name." })
    .trim()
    .min(1, "Enter the group's name.")
    .max(GROUP_NAME_MAX, `Keep the group name under ${GROUP_NAME_MAX} characters.`),
  role,
});
export type RoleMappingInput = z.output<typeof roleMappingSchema>;

export const deleteRoleMappingSchema = z.object({ mappingId: id });

export const NAME_MAX = 200;

const adminAccount = {
  name: z.string({ message: "Enter your name." }).trim().min(1, "Enter your name.").max(NAME_MAX, `Keep the name under ${NAME_MAX} characters.`),
  // As the sign-in form reads it (trimmed, lower-cased), so the new admin signs in with what they typed.
  email: credentialsSchema.shape.email,
  password: newPassword,
  confirm: repeated,
};

/** A local admin created from a shell (npm run admin -- create --email … --name …). */
export const newAdminSchema = z.object(adminAccount).superRefine((v, ctx) => checkNewPassword(v, ctx, { email: v.email }));

/** The first admin, created from the one-time setup link. */
export const firstAdminSchema = z
  .object({
    token: z.string({ message: "This setup link is incomplete. Copy the whole link." }).min(20, "This setup link is incomplete. Copy the whole link.").max(200, "This setup link is not valid."),
    ...adminAccount,
  })
  .superRefine((v, ctx) => checkNewPassword(v, ctx, { email: v.email }));
export type FirstAdminInput = z.output<typeof firstAdminSchema>;
