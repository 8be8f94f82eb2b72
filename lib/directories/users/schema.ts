// Inputs of the directory users pages, checked before anything is queued. The rules are Active
// Directory's (the default domain password policy: 3 of 4 character classes, not containing the
// account name), so that a refusal shows at the field instead of as a failed operation.
import { z } from "zod";
import { directoryIdSchema } from "@/lib/directories/schema";

/** sAMAccountName: at most 20 characters; this portal allows the safe subset (letters, digits, . _ -). */
const USER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$/;

const classes = (p: string) => [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9\s]/].filter((r) => r.test(p)).length;

/** Why AD would refuse this password for this user, or null. */
export function passwordProblem(password: string, userName: string): string | null {
  if (password.length < 8 || password.length > 128) return "The password must have 8 to 128 characters.";
  if (classes(password) < 3) return "The password must use at least three of: lowercase letters, uppercase letters, digits, other characters.";
  if (userName.length > 2 && password.toLowerCase().includes(userName.toLowerCase())) return "The password must not contain the user name.";
  return null;
}

export const userNameSchema = z
  .string()
  .trim()
  .regex(USER_NAME, "A user name has 1 to 20 letters, digits, dots, dashes or underscores, and starts with a letter or digit.")
  .refine((v) => !v.endsWith("."), "A user name cannot end with a dot.");

const nameSchema = (what: string) => z.string().trim().min(1, `Enter the ${what}.`).max(64, `The ${what} can have at most 64 characters.`);

/** Adds AD's password rule for the object's userName and password. */
function withPasswordRule<T extends z.ZodType<{ userName: string; password: string }>>(schema: T) {
  return schema.superRefine((v, ctx) => {
    const problem = passwordProblem(v.password, v.userName);
    if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
  });
}

const newUserFields = z.object({
  userName: userNameSchema,
  givenName: nameSchema("first name"),
  surname: nameSchema("last name"),
  email: z
    .string()
    .trim()
    .transform((v) => (v === "" ? null : v))
    .pipe(z.email("Enter an email address like ann@example.com, or leave it empty.").nullable()),
  password: z.string(),
});

/** One new user as a CSV row gives it. */
export const newDirectoryUserSchema = withPasswordRule(newUserFields);
export type NewDirectoryUserInput = z.infer<typeof newDirectoryUserSchema>;

const checkbox = z.union([z.boolean(), z.literal("on"), z.literal("")]).optional().transform((v) => v === true || v === "on");

export const createDirectoryUserSchema = withPasswordRule(newUserFields.extend({ directoryId: directoryIdSchema, mustChangePassword: checkbox }));

export const resetDirectoryUserPasswordSchema = withPasswordRule(z.object({ directoryId: directoryIdSchema, userName: userNameSchema, password: z.string() }));

export const setDirectoryUserEnabledSchema = z.object({
  directoryId: directoryIdSchema,
  userName: userNameSchema,
  enabled: z.boolean(),
});

/** The users page's search (from the URL; anything odd is ignored). */
export const directoryUsersSearchSchema = z.object({ q: z.string().trim().max(64).optional().catch(undefined) });
