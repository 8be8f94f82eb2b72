// Custom images and bundles: reads for the admin pages, and the mutations the worker sends.
// Mutations: the SDK retries them only on throttling; a lost answer comes back as "unknown-outcome".
// Each is made safe to send again here: the state it aims for, already reached, counts as done
// (a create finds what a lost answer made by its name, which the portal checks is unused before
// queueing; a delete of what is gone is done; sharing and updating set a value).

import {
  CopyWorkspaceImageCommand,
  CreateWorkspaceBundleCommand,
  CreateWorkspaceImageCommand,
  DeleteWorkspaceBundleCommand,
  DeleteWorkspaceImageCommand,
  DescribeWorkspaceImagePermissionsCommand,
  DescribeWorkspaceImagesCommand,
  UpdateWorkspaceBundleCommand,
  UpdateWorkspaceImagePermissionCommand,
  type Compute,
} from "@aws-sdk/client-workspaces";
import type { CallLog } from "./call-log";
import type { AwsClients } from "./clients";
import type { AwsFailure } from "./errors";
import { invokeAws } from "./invoke";
import type { CallContext } from "./workspaces";

export interface ImageInfo {
  imageId: string;
  name: string;
  description: string;
  /** PENDING, AVAILABLE or ERROR (AWS may add states; shown as they come). */
  state: string;
  osType?: string;
  created?: Date;
  errorCode?: string;
  errorMessage?: string;
}

/** A change AWS accepted (or had already made): with the id of what it made, for creates. */
export type ImageChangeResult = { ok: true; requestId?: string; alreadyDone: boolean; resourceId?: string } | AwsFailure;

export interface NewBundle {
  name: string;
  description: string;
  imageId: string;
  computeType: string;
  rootVolumeGiB: number;
  userVolumeGiB: number;
}

export type WorkspaceImagesApi = ReturnType<typeof createWorkspaceImagesApi>;

export function createWorkspaceImagesApi({ clients, callLog }: { clients: AwsClients; callLog: CallLog }) {
  const call = (operation: string, mutating: boolean, context?: CallContext) => ({
    callLog,
    service: "workspaces" as const,
    region: clients.region,
    operation,
    mutating,
    itemCount: 1,
    operationIds: context?.operationIds,
  });
  const done = (requestId: string | undefined, alreadyDone: boolean, resourceId?: string): ImageChangeResult => ({
    ok: true,
    requestId,
    alreadyDone,
    ...(resourceId ? { resourceId } : {}),
  });

  async function describeImages(filter: { imageIds?: string[] } = {}, context?: CallContext): Promise<{ ok: true; images: ImageInfo[] } | AwsFailure> {
    const images: ImageInfo[] = [];
    let nextToken: string | undefined;
    do {
      const result = await invokeAws(call("DescribeWorkspaceImages", false, context), () =>
        clients.workspaces.send(new DescribeWorkspaceImagesCommand({ ImageIds: filter.imageIds, ImageType: filter.imageIds ? undefined : "OWNED", NextToken: nextToken })),
      );
      if (!result.ok) return result;
      for (const i of result.output.Images ?? []) {
        if (!i.ImageId) continue;
        images.push({
          imageId: i.ImageId,
          name: i.Name ?? i.ImageId,
          description: i.Description ?? "",
          state: i.State ?? "UNKNOWN",
          osType: i.OperatingSystem?.Type,
          created: i.Created,
          errorCode: i.ErrorCode,
          errorMessage: i.ErrorMessage,
        });
      }
      nextToken = result.output.NextToken || undefined;
    } while (nextToken);
    return { ok: true, images };
  }

  /** After ResourceAlreadyExists on a create: the image of that name, if a lost answer made it. */
  async function imageNamed(name: string, requestId: string | undefined): Promise<ImageChangeResult | null> {
    const listed = await describeImages();
    const found = listed.ok ? listed.images.find((i) => i.name === name) : undefined;
    return found ? done(requestId, true, found.imageId) : null;
  }

  return {
    region: clients.region,
    describeImages,

    /** Account ids the image is shared with, every page. */
    async describeImagePermissions(imageId: string): Promise<{ ok: true; accountIds: string[] } | AwsFailure> {
      const accountIds: string[] = [];
      let nextToken: string | undefined;
      do {
        const result = await invokeAws(call("DescribeWorkspaceImagePermissions", false), () =>
          clients.workspaces.send(new DescribeWorkspaceImagePermissionsCommand({ ImageId: imageId, NextToken: nextToken })),
        );
        if (!result.ok) return result;
        for (const p of result.output.ImagePermissions ?? []) if (p.SharedAccountId) accountIds.push(p.SharedAccountId);
        nextToken = result.output.NextToken || undefined;
      } while (nextToken);
      return { ok: true, accountIds };
    },

    async createImage(input: { name: string; description: string; workspaceId: string }, context?: CallContext): Promise<ImageChangeResult> {
      const result = await invokeAws(call("CreateWorkspaceImage", true, context), () =>
        clients.workspacesMutations.send(new CreateWorkspaceImageCommand({ Name: input.name, Description: input.description, WorkspaceId: input.workspaceId })),
      );
      if (result.ok) return done(result.requestId, false, result.output.ImageId);
      if (result.code === "ResourceAlreadyExistsException") return (await imageNamed(input.name, result.requestId)) ?? result;
      return result;
    },

    async deleteImage(imageId: string, context?: CallContext): Promise<ImageChangeResult> {
      const result = await invokeAws(call("DeleteWorkspaceImage", true, context), () =>
        clients.workspacesMutations.send(new DeleteWorkspaceImageCommand({ ImageId: imageId })),
      );
      if (result.ok) return done(result.requestId, false);
      if (result.code === "ResourceNotFoundException") return done(result.requestId, true);
      return result;
    },

    /** Sent to the destination region's API: the copy is made where the call goes. */
    async copyImage(input: { name: string; description?: string; sourceImageId: string; sourceRegion: string }, context?: CallContext): Promise<ImageChangeResult> {
      const result = await invokeAws(call("CopyWorkspaceImage", true, context), () =>
        clients.workspacesMutations.send(
          new CopyWorkspaceImageCommand({ Name: input.name, Description: input.description, SourceImageId: input.sourceImageId, SourceRegion: input.sourceRegion }),
        ),
      );
      if (result.ok) return done(result.requestId, false, result.output.ImageId);
      if (result.code === "ResourceAlreadyExistsException") return (await imageNamed(input.name, result.requestId)) ?? result;
      return result;
    },

    async updateImagePermission(input: { imageId: string; accountId: string; allow: boolean }, context?: CallContext): Promise<ImageChangeResult> {
      const result = await invokeAws(call("UpdateWorkspaceImagePermission", true, context), () =>
        clients.workspacesMutations.send(
          new UpdateWorkspaceImagePermissionCommand({ ImageId: input.imageId, SharedAccountId: input.accountId, AllowCopyImage: input.allow }),
        ),
      );
      if (!result.ok) return result;
      return done(result.requestId, false);
    },

    async createBundle(input: NewBundle, describeOwnBundles: () => Promise<{ ok: true; bundles: { bundleId: string; name: string }[] } | AwsFailure>, context?: CallContext): Promise<ImageChangeResult> {
      const result = await invokeAws(call("CreateWorkspaceBundle", true, context), () =>
        clients.workspacesMutations.send(
          new CreateWorkspaceBundleCommand({
            BundleName: input.name,
            BundleDescription: input.description,
            ImageId: input.imageId,
            ComputeType: { Name: input.computeType as Compute },
            RootStorage: { Capacity: String(input.rootVolumeGiB) },
            UserStorage: { Capacity: String(input.userVolumeGiB) },
          }),
        ),
      );
      if (result.ok) return done(result.requestId, false, result.output.WorkspaceBundle?.BundleId);
      if (result.code === "ResourceAlreadyExistsException") {
        const own = await describeOwnBundles();
        const found = own.ok ? own.bundles.find((b) => b.name === input.name) : undefined;
        if (found) return done(result.requestId, true, found.bundleId);
      }
      return result;
    },

    async updateBundle(input: { bundleId: string; imageId: string }, context?: CallContext): Promise<ImageChangeResult> {
      const result = await invokeAws(call("UpdateWorkspaceBundle", true, context), () =>
        clients.workspacesMutations.send(new UpdateWorkspaceBundleCommand({ BundleId: input.bundleId, ImageId: input.imageId })),
      );
      if (!result.ok) return result;
      return done(result.requestId, false);
    },

    async deleteBundle(bundleId: string, context?: CallContext): Promise<ImageChangeResult> {
      const result = await invokeAws(call("DeleteWorkspaceBundle", true, context), () =>
        clients.workspacesMutations.send(new DeleteWorkspaceBundleCommand({ BundleId: bundleId })),
      );
      if (result.ok) return done(result.requestId, false);
      if (result.code === "ResourceNotFoundException") return done(result.requestId, true);
      return result;
    },
  };
}
