// AWS's rules for image and bundle names, descriptions and ids (the WorkSpaces API model), and the
// regions WorkSpaces runs in: shared by the image and bundle schemas and the worker's payloads, so
// bad input gets a message at its field before anything is queued or sent.

import { z } from "zod";

const NAME_PATTERN = /^[a-zA-Z0-9_./()\\-]+$/;
const DESCRIPTION_PATTERN = /^[a-zA-Z0-9_./() -]+$/;

/** Image and bundle names: 1 to 64 of letters, digits and _ . / ( ) \ - (no spaces). */
export const awsNameSchema = (noun: "image" | "bundle") =>
  z
    .string(`Enter a name for the ${noun}.`)
    .trim()
    .min(1, `Enter a name for the ${noun}.`)
    .max(64, "Use at most 64 characters.")
    .regex(NAME_PATTERN, "AWS allows only letters, digits and _ . / ( ) \\ - here (no spaces).");

/** Descriptions: 1 to `max` of letters, digits, spaces and _ . / ( ) -. */
export const awsDescriptionSchema = (noun: "image" | "bundle", max: number) =>
  z
    .string(`Describe the ${noun}.`)
    .trim()
    .min(1, `Describe the ${noun}.`)
    .max(max, `Use at most ${max} characters.`)
    .regex(DESCRIPTION_PATTERN, "AWS allows only letters, digits, spaces and _ . / ( ) - here.");

export const imageIdSchema = z.string("Choose an image.").trim().regex(/^wsi-[0-9a-z]{9,63}$/, "Not an image id (wsi- and nine or more letters or digits).");
export const bundleIdSchema = z.string("Choose a bundle.").trim().regex(/^wsb-[0-9a-z]{8,63}$/, "Not a bundle id (wsb- and eight or more letters or digits).");

/** AWS account ids are exactly 12 digits. */
export const accountIdSchema = z.string("Enter an AWS account id.").trim().regex(/^\d{12}$/, "An AWS account id is exactly 12 digits.");

/** Regions where WorkSpaces Personal runs (commercial partition). */
export const WORKSPACES_REGIONS = [
  "us-east-1",
  "us-west-2",
  "ca-central-1",
  "sa-east-1",
  "eu-west-1",
  "eu-west-2",
  "eu-central-1",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-south-1",
  "af-south-1",
  "il-central-1",
] as const;
export const regionSchema = z.enum(WORKSPACES_REGIONS, "Choose a region WorkSpaces runs in.");
