import { z } from "zod";
import { directoryIdSchema } from "../schema";

// RADIUS settings as Directory Service takes them (ds/2015-04-16 RadiusSettings): port 1025 to
// 65535, timeout 1 to 50 seconds, 0 to 10 retries, a shared secret of 8 to 512 letters, digits,
// ASCII punctuation or spaces, a display label of at most 64 characters.

const SERVER = /^(?:(?:\d{1,3}\.){3}\d{1,3}|(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)$/;
const SECRET = /^[A-Za-z0-9!-/:-@[-`{-~ ]+$/;

const whole = (label: string, min: number, max: number) =>
  z.coerce
    .number(`Enter the ${label} as a number.`)
    .int(`Enter the ${label} as a whole number.`)
    .min(min, `The ${label} must be ${min} to ${max}.`)
    .max(max, `The ${label} must be ${min} to ${max}.`);

export const radiusSettingsSchema = z.object({
  directoryId: directoryIdSchema,
  servers: z
    .string()
    .max(4000, "At most 4,000 characters.")
    .transform((text) => text.split(/[\s,]+/).filter(Boolean))
    .refine((list) => list.length > 0, "Enter the address of at least one RADIUS server.")
    .refine((list) => list.length <= 256, "At most 256 RADIUS servers.")
    .superRefine((list, ctx) => {
      const bad = list.filter((s) => !SERVER.test(s) || (/^[\d.]+$/.test(s) && s.split(".").some((o) => Number(o) > 255)));
      if (bad.length > 0) ctx.addIssue({ code: "custom", message: `Not an IPv4 address or host name: ${bad.join(", ")}.` });
    }),
  port: whole("port", 1025, 65535),
  timeoutSeconds: whole("timeout", 1, 50),
  retries: whole("number of retries", 0, 10),
  protocol: z.enum(["PAP", "CHAP", "MS-CHAPv1", "MS-CHAPv2"], "Choose PAP, CHAP, MS-CHAPv1 or MS-CHAPv2."),
  displayLabel: z.string().trim().max(64, "At most 64 characters.").optional().default(""),
  useSameUsername: z.union([z.literal("on"), z.literal(true), z.literal("true")]).optional().transform(Boolean),
  // A secret: checked here, sealed by the action, never echoed in a message.
  sharedSecret: z
    .string()
    .min(8, "The shared secret must have at least 8 characters.")
    .max(512, "The shared secret can have at most 512 characters.")
    .regex(SECRET, "The shared secret may hold letters, digits, spaces and ASCII punctuation only."),
});

export const disableRadiusSchema = z.object({ directoryId: directoryIdSchema });
