import { z } from "zod";
import { DEVICE_TYPE_NAMES, SELF_SERVICE_NAMES, type DeviceType, type SelfServicePermission } from "./settings";

/** AWS's DirectoryId pattern: d- and ten hexadecimal digits. */
export const directoryIdSchema = z.string().trim().regex(/^d-[0-9a-f]{10}$/, "Not a directory id (d- and ten hexadecimal digits).");

export const directoryChangeSchema = z.object({ directoryId: directoryIdSchema });


const checked = z.union([z.literal("on"), z.literal(true), z.literal("true")]).optional().transform(Boolean);

/** Device access as a form sends it: a checkbox per device type, checked = ALLOW. Every type is set. */
export const deviceAccessSchema = z
  .object({ directoryId: directoryIdSchema, ...Object.fromEntries(DEVICE_TYPE_NAMES.map((name) => [name, checked])) })
  .transform((input) => ({
    directoryId: input.directoryId,
    devices: Object.fromEntries(DEVICE_TYPE_NAMES.map((name) => [name, (input as Record<string, unknown>)[name] ? "ALLOW" : "DENY"])) as Record<DeviceType, "ALLOW" | "DENY">,
  }));

/** Self-service permissions: a checkbox per permission, checked = ENABLED. */
export const selfServiceSchema = z
  .object({ directoryId: directoryIdSchema, ...Object.fromEntries(SELF_SERVICE_NAMES.map((name) => [name, checked])) })
  .transform((input) => ({
    directoryId: input.directoryId,
    permissions: Object.fromEntries(SELF_SERVICE_NAMES.map((name) => [name, (input as Record<string, unknown>)[name] ? "ENABLED" : "DISABLED"])) as Record<
      SelfServicePermission,
      "ENABLED" | "DISABLED"
    >,
  }));

/** An LDAP distinguished name of an OU: OU=... first, then OU/CN/DC parts. The domain is checked against the directory's. */
const DN_PART = /^(OU|CN|DC)=[^=,+"\\<>;]+$/i;
export function defaultOuProblem(ou: string, domain?: string): string | undefined {
  const parts = ou.split(",").map((p) => p.trim());
  const example = `OU=Desktops,DC=${(domain ?? "corp.example.com").split(".").join(",DC=")}`;
  if (!parts.every((p) => DN_PART.test(p)) || !/^OU=/i.test(parts[0]) || !parts.some((p) => /^DC=/i.test(p))) {
    return `Enter the distinguished name of an OU, such as ${example}.`;
  }
  if (domain) {
    const dcs = parts.filter((p) => /^DC=/i.test(p)).map((p) => p.slice(3).trim().toLowerCase());
    if (dcs.join(".") !== domain.toLowerCase()) return `The OU must be in the directory's domain ${domain}, such as ${example}.`;
  }
  return undefined;
}

export const creationPropertiesSchema = z
  .object({
    directoryId: directoryIdSchema,
    defaultOu: z.string().trim().max(1000, "At most 1,000 characters.").optional().default(""),
    customSecurityGroupId: z
      .string()
      .trim()
      .optional()
      .default("")
      .refine((v) => v === "" || /^sg-([0-9a-f]{8}|[0-9a-f]{17})$/.test(v), "Enter a security group id: sg- and 8 or 17 hexadecimal digits."),
    enableInternetAccess: checked,
    enableMaintenanceMode: checked,
    userEnabledAsLocalAdministrator: checked,
  })
  .superRefine((input, ctx) => {
    const problem = input.defaultOu ? defaultOuProblem(input.defaultOu) : undefined;
    if (problem) ctx.addIssue({ code: "custom", path: ["defaultOu"], message: problem });
  })
  .transform((input) => ({
    directoryId: input.directoryId,
    properties: {
      defaultOu: input.defaultOu || null,
      customSecurityGroupId: input.customSecurityGroupId || null,
      enableInternetAccess: input.enableInternetAccess,
      enableMaintenanceMode: input.enableMaintenanceMode,
      userEnabledAsLocalAdministrator: input.userEnabledAsLocalAdministrator,
    },
  }));
