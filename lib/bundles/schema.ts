import { z } from "zod";
import { awsDescriptionSchema, awsNameSchema, bundleIdSchema, imageIdSchema } from "@/lib/images/aws-rules";
import { computeTypeSchema, volumeProblem } from "./volume-rules";

const volumeSize = z.coerce
  .number("Enter a size in GB.")
  .int("Enter a whole number of GB.")
  .positive("Enter a size in GB.");

/** A custom bundle: an image, a compute type and volume sizes in AWS's allowed combinations. */
export const createBundleSchema = z
  .object({
    name: awsNameSchema("bundle"),
    description: awsDescriptionSchema("bundle", 255),
    imageId: imageIdSchema,
    computeType: computeTypeSchema,
    rootVolumeGiB: volumeSize,
    userVolumeGiB: volumeSize,
  })
  .superRefine((b, ctx) => {
    const problem = volumeProblem(b.rootVolumeGiB, b.userVolumeGiB);
    if (problem) ctx.addIssue({ code: "custom", path: [problem.field], message: problem.message });
  });

export const updateBundleSchema = z.object({ bundleId: bundleIdSchema, imageId: imageIdSchema });

export const deleteBundleSchema = z.object({ bundleId: bundleIdSchema });
