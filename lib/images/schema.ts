import { z } from "zod";
import { accountIdSchema, awsDescriptionSchema, awsNameSchema, imageIdSchema, regionSchema } from "./aws-rules";

/** Capture a desktop into an image (the desktop is loaded and checked by the action). */
export const createImageSchema = z.object({
  desktopId: z.string("Choose a desktop.").trim().min(1, "Choose a desktop."),
  name: awsNameSchema("image"),
  description: awsDescriptionSchema("image", 256),
});

export const imageChangeSchema = z.object({ imageId: imageIdSchema });

export const copyImageSchema = z.object({
  imageId: imageIdSchema,
  destinationRegion: regionSchema,
  name: awsNameSchema("image"),
});

export const imagePermissionSchema = z.object({
  imageId: imageIdSchema,
  accountId: accountIdSchema,
});
