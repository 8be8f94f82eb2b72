// Typed wrappers around the WorkSpaces API. They return the portal's own result types: AWS's
// per-item failures as data, whole-call failures as AwsFailure values, never raw SDK errors.
// Over 400 lines on purpose: one short wrapper per WorkSpaces call, all sharing the same error
// mapping and batching, which read best side by side.

import type { DeviceAccess, DirectorySettings, SelfServicePermissions } from "@/lib/directories/settings";
import {
  CreateWorkspacesCommand,
  DescribeTagsCommand,
  DescribeWorkspaceBundlesCommand,
  DescribeWorkspaceDirectoriesCommand,
  DescribeWorkspacesCommand,
  RebootWorkspacesCommand,
  RebuildWorkspacesCommand,
  RestoreWorkspaceCommand,
  StartWorkspacesCommand,
  StopWorkspacesCommand,
  TerminateWorkspacesCommand,
  type FailedWorkspaceChangeRequest,
  type Workspace,
  type WorkspaceRequest,
} from "@aws-sdk/client-workspaces";
import type { CallLog } from "./call-log";
import type { AwsClients } from "./clients";
import type { AwsFailure } from "./errors";
import { invokeAws } from "./invoke";
import type { RunningMode } from "@/lib/db/generated/enums";

/** AWS batch limit for CreateWorkspaces, Terminate/Start/Stop/Reboot and DescribeWorkspaces ids. */
export const WORKSPACES_BATCH_LIMIT = 25;

/** The tag that ties a desktop in AWS to the portal request it was created for (idempotency). */
export const REQUEST_ID_TAG = "portal:request-id";
export const OWNER_TAG = "portal:owner";
/** The tag naming the portal's desktop row (set on every create; found again by the fleet sweep). */
export const DESKTOP_ID_TAG = "portal:desktop-id";


export interface CallContext {
  /** Portal Operation ids the call is made for (recorded in AwsCall). */
  operationIds?: string[];
}

export interface CreateWorkspaceItem {
  directoryId: string;
  userName: string;
  bundleId: string;
  runningMode: RunningMode;
  /** Only for AUTO_STOP, a multiple of 60. Ignored for ALWAYS_ON (AWS would fail the item). */
  autoStopTimeoutMinutes?: number | null;
  /** Set: root and user volumes are encrypted with this KMS key (fixed at creation). */
  volumeEncryptionKey?: string | null;
  tags: Record<string, string>;
}

export interface PendingWorkspace {
  /** Index of the item in the input array. */
  index: number;
  workspaceId: string;
  state: string;
  directoryId: string;
  userName: string;
  bundleId: string;
}

export interface FailedCreate {
  index: number;
  code: string;
  message: string;
}

export type CreateWorkspacesResult =
  | {
      ok: true;
      requestId?: string;
      pending: PendingWorkspace[];
      failed: FailedCreate[];
      /** Items AWS's answer did not account for: treat as unknown outcome. */
      unaccounted: number[];
    }
  | AwsFailure;

export interface WorkspaceInfo {
  workspaceId: string;
  directoryId?: string;
  userName?: string;
  bundleId?: string;
  state: string;
  ipAddress?: string;
  computerName?: string;
  errorCode?: string;
  errorMessage?: string;
  runningMode?: string;
  autoStopTimeoutMinutes?: number;
  computeType?: string;
  rootVolumeGiB?: number;
  userVolumeGiB?: number;
  /** A compute or volume change AWS is still making (ModificationStates). */
  modifying: boolean;
  rootVolumeEncrypted: boolean;
  userVolumeEncrypted: boolean;
  volumeEncryptionKey?: string;
}

export type DescribeWorkspacesResult =
  | { ok: true; requestId?: string; workspaces: WorkspaceInfo[]; nextToken?: string }
  | AwsFailure;

export interface FailedChange {
  workspaceId: string;
  code: string;
  message: string;
}

export type WorkspaceChangeResult = { ok: true; requestId?: string; failed: FailedChange[] } | AwsFailure;

export interface BundleInfo {
  bundleId: string;
  name: string;
  description: string;
  owner: string;
  computeType?: string;
  rootVolumeGiB?: number;
  userVolumeGiB?: number;
  imageId?: string;
  state?: string;
}

export interface WorkspaceDirectoryInfo {
  directoryId: string;
  alias?: string;
  name?: string;
  registrationCode?: string;
  /** REGISTERED, REGISTERING, DEREGISTERING, DEREGISTERED, ERROR */
  state?: string;
  directoryType?: string;
  webAccess: boolean;
  /** Device access, self-service, creation properties and IP groups, as AWS reports them. */
  settings: DirectorySettings;
}

export type WorkspacesApi = ReturnType<typeof createWorkspacesApi>;

function toWorkspaceInfo(w: Workspace): WorkspaceInfo {
  return {
    workspaceId: w.WorkspaceId ?? "",
    directoryId: w.DirectoryId,
    userName: w.UserName,
    bundleId: w.BundleId,
    state: w.State ?? "UNKNOWN",
    ipAddress: w.IpAddress,
    computerName: w.ComputerName,
    errorCode: w.ErrorCode,
    errorMessage: w.ErrorMessage,
    runningMode: w.WorkspaceProperties?.RunningMode,
    autoStopTimeoutMinutes: w.WorkspaceProperties?.RunningModeAutoStopTimeoutInMinutes,
    computeType: w.WorkspaceProperties?.ComputeTypeName,
    rootVolumeGiB: w.WorkspaceProperties?.RootVolumeSizeGib,
    userVolumeGiB: w.WorkspaceProperties?.UserVolumeSizeGib,
    modifying: (w.ModificationStates ?? []).some((m) => m.State === "UPDATE_INITIATED" || m.State === "UPDATE_IN_PROGRESS"),
    rootVolumeEncrypted: w.RootVolumeEncryptionEnabled ?? false,
    userVolumeEncrypted: w.UserVolumeEncryptionEnabled ?? false,
    volumeEncryptionKey: w.VolumeEncryptionKey,
  };
}

export function toWorkspaceRequest(item: CreateWorkspaceItem): WorkspaceRequest {
  const request: WorkspaceRequest = {
    DirectoryId: item.directoryId,
    UserName: item.userName,
    BundleId: item.bundleId,
    WorkspaceProperties: {
      RunningMode: item.runningMode,
      ...(item.runningMode === "AUTO_STOP" && item.autoStopTimeoutMinutes
        ? { RunningModeAutoStopTimeoutInMinutes: item.autoStopTimeoutMinutes }
        : {}),
    },
    Tags: Object.entries(item.tags).map(([Key, Value]) => ({ Key, Value })),
  };
  if (item.volumeEncryptionKey) {
    request.VolumeEncryptionKey = item.volumeEncryptionKey;
    request.RootVolumeEncryptionEnabled = true;
    request.UserVolumeEncryptionEnabled = true;
  }
  return request;
}

const identity = (directoryId?: string, userName?: string, bundleId?: string) =>
  `${directoryId ?? ""}\u0000${(userName ?? "").toLowerCase()}\u0000${bundleId ?? ""}`;

/**
 * AWS answers a batch with two lists and no indices. Failed items echo their request (with tags),
 * pending items are Workspaces (no tags): match failed ones by request tag (then identity), pending
 * ones by directory + user + bundle, each to the first input item not yet matched.
 */
export function matchCreateAnswer(
  items: CreateWorkspaceItem[],
  pendingRequests: Workspace[],
  failedRequests: { WorkspaceRequest?: WorkspaceRequest; ErrorCode?: string; ErrorMessage?: string }[],
): { pending: PendingWorkspace[]; failed: FailedCreate[]; unaccounted: number[] } {
  const taken = new Set<number>();
  const failed: FailedCreate[] = [];
  const pending: PendingWorkspace[] = [];

  const takeFirst = (predicate: (item: CreateWorkspaceItem) => boolean): number => {
    const index = items.findIndex((item, i) => !taken.has(i) && predicate(item));
    if (index >= 0) taken.add(index);
    return index;
  };

  for (const f of failedRequests) {
    const echoed = f.WorkspaceRequest;
    const tag = echoed?.Tags?.find((t) => t.Key === REQUEST_ID_TAG)?.Value;
    const key = identity(echoed?.DirectoryId, echoed?.UserName, echoed?.BundleId);
    let index = tag ? takeFirst((item) => item.tags[REQUEST_ID_TAG] === tag) : -1;
    if (index < 0) index = takeFirst((item) => identity(item.directoryId, item.userName, item.bundleId) === key);
    if (index < 0) continue;
    failed.push({ index, code: f.ErrorCode ?? "UnknownError", message: f.ErrorMessage ?? f.ErrorCode ?? "" });
  }
  for (const w of pendingRequests) {
    const key = identity(w.DirectoryId, w.UserName, w.BundleId);
    const index = takeFirst((item) => identity(item.directoryId, item.userName, item.bundleId) === key);
    if (index < 0 || !w.WorkspaceId) continue;
    pending.push({
      index,
      workspaceId: w.WorkspaceId,
      state: w.State ?? "PENDING",
      directoryId: w.DirectoryId ?? items[index].directoryId,
      userName: w.UserName ?? items[index].userName,
      bundleId: w.BundleId ?? items[index].bundleId,
    });
  }
  const unaccounted = items.map((_, i) => i).filter((i) => !taken.has(i));
  return { pending, failed, unaccounted };
}

function toFailedChanges(list: FailedWorkspaceChangeRequest[] | undefined): FailedChange[] {
  return (list ?? []).map((f) => ({
    workspaceId: f.WorkspaceId ?? "",
    code: f.ErrorCode ?? "UnknownError",
    message: f.ErrorMessage ?? f.ErrorCode ?? "",
  }));
}

function assertBatch(ids: readonly unknown[], limit = WORKSPACES_BATCH_LIMIT) {
  if (ids.length < 1 || ids.length > limit) {
    throw new RangeError(`expected 1 to ${limit} items, got ${ids.length}`);
  }
}

export function createWorkspacesApi({ clients, callLog }: { clients: AwsClients; callLog: CallLog }) {
  const region = clients.region;
  const ctx = (operation: string, mutating: boolean, itemCount: number, context?: CallContext) => ({
    callLog,
    service: "workspaces" as const,
    region,
    operation,
    mutating,
    itemCount,
    operationIds: context?.operationIds,
  });

  async function change(
    operation: "TerminateWorkspaces" | "RebootWorkspaces" | "StartWorkspaces" | "StopWorkspaces",
    ids: string[],
    context?: CallContext,
  ): Promise<WorkspaceChangeResult> {
    assertBatch(ids);
    const client = clients.workspacesMutations;
    const result = await invokeAws(ctx(operation, true, ids.length, context), () => {
      switch (operation) {
        case "TerminateWorkspaces":
          return client.send(new TerminateWorkspacesCommand({ TerminateWorkspaceRequests: ids.map((WorkspaceId) => ({ WorkspaceId })) }));
        case "RebootWorkspaces":
          return client.send(new RebootWorkspacesCommand({ RebootWorkspaceRequests: ids.map((WorkspaceId) => ({ WorkspaceId })) }));
        case "StartWorkspaces":
          return client.send(new StartWorkspacesCommand({ StartWorkspaceRequests: ids.map((WorkspaceId) => ({ WorkspaceId })) }));
        case "StopWorkspaces":
          return client.send(new StopWorkspacesCommand({ StopWorkspaceRequests: ids.map((WorkspaceId) => ({ WorkspaceId })) }));
      }
    });
    if (!result.ok) return result;
    return { ok: true, requestId: result.requestId, failed: toFailedChanges(result.output.FailedRequests) };
  }

  return {
    region,

    async createWorkspaces(items: CreateWorkspaceItem[], context?: CallContext): Promise<CreateWorkspacesResult> {
      assertBatch(items);
      const result = await invokeAws(ctx("CreateWorkspaces", true, items.length, context), () =>
        clients.workspacesMutations.send(new CreateWorkspacesCommand({ Workspaces: items.map(toWorkspaceRequest) })),
      );
      if (!result.ok) return result;
      const matched = matchCreateAnswer(items, result.output.PendingRequests ?? [], result.output.FailedRequests ?? []);
      return { ok: true, requestId: result.requestId, ...matched };
    },

    async describeWorkspacesByIds(ids: string[], context?: CallContext): Promise<DescribeWorkspacesResult> {
      assertBatch(ids);
      const result = await invokeAws(ctx("DescribeWorkspaces", false, ids.length, context), () =>
        clients.workspaces.send(new DescribeWorkspacesCommand({ WorkspaceIds: ids })),
      );
      if (!result.ok) return result;
      return {
        ok: true,
        requestId: result.requestId,
        workspaces: (result.output.Workspaces ?? []).map(toWorkspaceInfo),
        nextToken: result.output.NextToken,
      };
    },

    /** One page. AWS allows one filter at a time: directoryId (optionally with userName), or bundleId. */
    async describeWorkspacesPage(
      filter: { directoryId?: string; userName?: string; bundleId?: string; nextToken?: string; limit?: number },
      context?: CallContext,
    ): Promise<DescribeWorkspacesResult> {
      if (filter.userName && !filter.directoryId) throw new RangeError("userName needs directoryId");
      const result = await invokeAws(ctx("DescribeWorkspaces", false, 0, context), () =>
        clients.workspaces.send(
          new DescribeWorkspacesCommand({
            DirectoryId: filter.directoryId,
            UserName: filter.userName,
            BundleId: filter.directoryId ? undefined : filter.bundleId,
            NextToken: filter.nextToken,
            Limit: Math.min(filter.limit ?? WORKSPACES_BATCH_LIMIT, WORKSPACES_BATCH_LIMIT),
          }),
        ),
      );
      if (!result.ok) return result;
      return {
        ok: true,
        requestId: result.requestId,
        workspaces: (result.output.Workspaces ?? []).map(toWorkspaceInfo),
        nextToken: result.output.NextToken || undefined,
      };
    },

    terminateWorkspaces: (ids: string[], context?: CallContext) => change("TerminateWorkspaces", ids, context),
    rebootWorkspaces: (ids: string[], context?: CallContext) => change("RebootWorkspaces", ids, context),
    startWorkspaces: (ids: string[], context?: CallContext) => change("StartWorkspaces", ids, context),
    stopWorkspaces: (ids: string[], context?: CallContext) => change("StopWorkspaces", ids, context),

    /** Rebuild takes exactly one desktop per call. */
    async rebuildWorkspace(workspaceId: string, context?: CallContext): Promise<WorkspaceChangeResult> {
      const result = await invokeAws(ctx("RebuildWorkspaces", true, 1, context), () =>
        clients.workspacesMutations.send(
          new RebuildWorkspacesCommand({ RebuildWorkspaceRequests: [{ WorkspaceId: workspaceId }] }),
        ),
      );
      if (!result.ok) return result;
      return { ok: true, requestId: result.requestId, failed: toFailedChanges(result.output.FailedRequests) };
    },

    /**
     * RestoreWorkspace takes exactly one desktop and answers nothing on success; a state that
     * forbids it is a whole-call error (OperationNotSupportedException), not a FailedRequests item.
     */
    async restoreWorkspace(workspaceId: string, context?: CallContext): Promise<WorkspaceChangeResult> {
      const result = await invokeAws(ctx("RestoreWorkspace", true, 1, context), () =>
        clients.workspacesMutations.send(new RestoreWorkspaceCommand({ WorkspaceId: workspaceId })),
      );
      if (!result.ok) return result;
      return { ok: true, requestId: result.requestId, failed: [] };
    },

    /** All bundles of one owner ("AMAZON" for public ones; omitted: the account's own), every page. */
    async describeBundles(
      filter: { owner?: string; bundleIds?: string[] } = {},
      context?: CallContext,
    ): Promise<{ ok: true; bundles: BundleInfo[] } | AwsFailure> {
      const bundles: BundleInfo[] = [];
      let nextToken: string | undefined;
      do {
        const result = await invokeAws(ctx("DescribeWorkspaceBundles", false, 0, context), () =>
          clients.workspaces.send(
            new DescribeWorkspaceBundlesCommand({
              Owner: filter.bundleIds ? undefined : filter.owner,
              BundleIds: filter.bundleIds,
              NextToken: nextToken,
            }),
          ),
        );
        if (!result.ok) return result;
        for (const b of result.output.Bundles ?? []) {
          if (!b.BundleId) continue;
          bundles.push({
            bundleId: b.BundleId,
            name: b.Name ?? b.BundleId,
            description: b.Description ?? "",
            owner: b.Owner ?? "",
            computeType: b.ComputeType?.Name,
            rootVolumeGiB: b.RootStorage?.Capacity ? Number(b.RootStorage.Capacity) : undefined,
            userVolumeGiB: b.UserStorage?.Capacity ? Number(b.UserStorage.Capacity) : undefined,
            imageId: b.ImageId,
            state: b.State,
          });
        }
        nextToken = result.output.NextToken || undefined;
      } while (nextToken);
      return { ok: true, bundles };
    },

    /** Directories registered with WorkSpaces (with their RegistrationCode), every page. */
    async describeWorkspaceDirectories(
      context?: CallContext,
    ): Promise<{ ok: true; directories: WorkspaceDirectoryInfo[] } | AwsFailure> {
      const directories: WorkspaceDirectoryInfo[] = [];
      let nextToken: string | undefined;
      do {
        const result = await invokeAws(ctx("DescribeWorkspaceDirectories", false, 0, context), () =>
          clients.workspaces.send(new DescribeWorkspaceDirectoriesCommand({ NextToken: nextToken })),
        );
        if (!result.ok) return result;
        for (const d of result.output.Directories ?? []) {
          if (!d.DirectoryId) continue;
          directories.push({
            directoryId: d.DirectoryId,
            alias: d.Alias,
            name: d.DirectoryName,
            registrationCode: d.RegistrationCode,
            state: d.State,
            directoryType: d.DirectoryType,
            webAccess: d.WorkspaceAccessProperties?.DeviceTypeWeb === "ALLOW",
            settings: {
              access: { ...(d.WorkspaceAccessProperties ?? {}) } as DeviceAccess,
              selfService: { ...(d.SelfservicePermissions ?? {}) } as SelfServicePermissions,
              creation: {
                defaultOu: d.WorkspaceCreationProperties?.DefaultOu || null,
                customSecurityGroupId: d.WorkspaceCreationProperties?.CustomSecurityGroupId || null,
                enableInternetAccess: d.WorkspaceCreationProperties?.EnableInternetAccess === true,
                enableMaintenanceMode: d.WorkspaceCreationProperties?.EnableMaintenanceMode === true,
                userEnabledAsLocalAdministrator: d.WorkspaceCreationProperties?.UserEnabledAsLocalAdministrator === true,
              },
              ipGroupIds: d.ipGroupIds ?? [],
            },
          });
        }
        nextToken = result.output.NextToken || undefined;
      } while (nextToken);
      return { ok: true, directories };
    },

    async describeTags(
      resourceId: string,
      context?: CallContext,
    ): Promise<{ ok: true; tags: Record<string, string> } | AwsFailure> {
      const result = await invokeAws(ctx("DescribeTags", false, 1, context), () =>
        clients.workspaces.send(new DescribeTagsCommand({ ResourceId: resourceId })),
      );
      if (!result.ok) return result;
      const tags: Record<string, string> = {};
      for (const t of result.output.TagList ?? []) if (t.Key) tags[t.Key] = t.Value ?? "";
      return { ok: true, tags };
    },
  };
}
