/**
 * Every emulated operation, keyed by its X-Amz-Target: the input shape it is validated against and
 * the handler that runs it. Handlers are synchronous, so one request's changes never interleave
 * with another's.
 */
import type { EmulatorContext } from "./emulator-context";
import type { StructureShape } from "./shape-validation";
import { connectDirectory, createDirectory, createMicrosoftAD, deleteDirectory, describeDirectories } from "./directory-service/directories";
import { DIRECTORY_SHAPES } from "./directory-service/directory-shapes";
import { disableRadius, enableRadius, updateRadius } from "./directory-service/radius";
import { resetUserPassword } from "./directory-service/reset-user-password";
import { describeWorkspacesConnectionStatus } from "./workspaces/connection-status";
import { createWorkspaces } from "./workspaces/create-workspaces";
import { describeWorkspaces } from "./workspaces/describe-workspaces";
import { modifyWorkspaceProperties } from "./workspaces/modify-workspace-properties";
import { modifyWorkspaceState, restoreWorkspace } from "./workspaces/single-workspace-actions";
import { migrateWorkspace } from "./workspaces/migrate-workspace";
import { describeWorkspaceSnapshots } from "./workspaces/workspace-snapshots";
import { createWorkspaceBundle, deleteWorkspaceBundle, describeWorkspaceBundles, updateWorkspaceBundle } from "./workspaces/workspace-bundles";
import {
  deregisterWorkspaceDirectory,
  describeWorkspaceDirectories,
  modifySelfservicePermissions,
  modifyWorkspaceAccessProperties,
  modifyWorkspaceCreationProperties,
  registerWorkspaceDirectory,
} from "./workspaces/workspace-directories";
import {
  associateIpGroups,
  authorizeIpRules,
  createIpGroup,
  deleteIpGroup,
  describeIpGroups,
  disassociateIpGroups,
  revokeIpRules,
  updateRulesOfIpGroup,
} from "./workspaces/ip-groups";
import {
  copyWorkspaceImage,
  createWorkspaceImage,
  deleteWorkspaceImage,
  describeWorkspaceImagePermissions,
  describeWorkspaceImages,
  updateWorkspaceImagePermission,
} from "./workspaces/workspace-images";
import { WORKSPACE_SHAPES } from "./workspaces/workspace-shapes";
import {
  rebootWorkspaces,
  rebuildWorkspaces,
  startWorkspaces,
  stopWorkspaces,
  terminateWorkspaces,
} from "./workspaces/workspace-state-changes";
import { createTags, deleteTags, describeTags } from "./workspaces/workspace-tags";
import { KMS_SHAPES, createAlias, createKey, describeKey, disableKey, enableKey, listAliases, listKeys } from "./kms/kms-keys";

export type ServiceName = "workspaces" | "directory-service" | "kms";

export interface OperationDefinition {
  service: ServiceName;
  name: string;
  shape: StructureShape;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each handler takes its SDK request type
  handle: (input: any, ctx: EmulatorContext) => object;
}

export const TARGET_PREFIXES: Record<ServiceName, string> = {
  workspaces: "WorkspacesService",
  "directory-service": "DirectoryService_20150416",
  kms: "TrentService",
};

const workspaces: Record<keyof typeof WORKSPACE_SHAPES, OperationDefinition["handle"]> = {
  CreateWorkspaces: createWorkspaces,
  DescribeWorkspaces: describeWorkspaces,
  TerminateWorkspaces: terminateWorkspaces,
  RebootWorkspaces: rebootWorkspaces,
  RebuildWorkspaces: rebuildWorkspaces,
  StartWorkspaces: startWorkspaces,
  StopWorkspaces: stopWorkspaces,
  RestoreWorkspace: restoreWorkspace,
  MigrateWorkspace: migrateWorkspace,
  DescribeWorkspaceSnapshots: describeWorkspaceSnapshots,
  ModifyWorkspaceProperties: modifyWorkspaceProperties,
  ModifyWorkspaceState: modifyWorkspaceState,
  DescribeWorkspacesConnectionStatus: describeWorkspacesConnectionStatus,
  DescribeWorkspaceBundles: describeWorkspaceBundles,
  CreateWorkspaceBundle: createWorkspaceBundle,
  DescribeWorkspaceImages: describeWorkspaceImages,
  CreateWorkspaceImage: createWorkspaceImage,
  DeleteWorkspaceImage: deleteWorkspaceImage,
  CopyWorkspaceImage: copyWorkspaceImage,
  UpdateWorkspaceImagePermission: updateWorkspaceImagePermission,
  DescribeWorkspaceImagePermissions: describeWorkspaceImagePermissions,
  UpdateWorkspaceBundle: updateWorkspaceBundle,
  DeleteWorkspaceBundle: deleteWorkspaceBundle,
  RegisterWorkspaceDirectory: registerWorkspaceDirectory,
  DeregisterWorkspaceDirectory: deregisterWorkspaceDirectory,
  DescribeWorkspaceDirectories: describeWorkspaceDirectories,
  ModifySelfservicePermissions: modifySelfservicePermissions,
  ModifyWorkspaceAccessProperties: modifyWorkspaceAccessProperties,
  ModifyWorkspaceCreationProperties: modifyWorkspaceCreationProperties,
  CreateIpGroup: createIpGroup,
  DescribeIpGroups: describeIpGroups,
  AuthorizeIpRules: authorizeIpRules,
  RevokeIpRules: revokeIpRules,
  UpdateRulesOfIpGroup: updateRulesOfIpGroup,
  AssociateIpGroups: associateIpGroups,
  DisassociateIpGroups: disassociateIpGroups,
  DeleteIpGroup: deleteIpGroup,
  CreateTags: createTags,
  DeleteTags: deleteTags,
  DescribeTags: describeTags,
};

const directoryService: Record<keyof typeof DIRECTORY_SHAPES, OperationDefinition["handle"]> = {
  CreateDirectory: createDirectory,
  ConnectDirectory: connectDirectory,
  CreateMicrosoftAD: createMicrosoftAD,
  DescribeDirectories: describeDirectories,
  DeleteDirectory: deleteDirectory,
  ResetUserPassword: resetUserPassword,
  EnableRadius: enableRadius,
  UpdateRadius: updateRadius,
  DisableRadius: disableRadius,
};

const kms: Record<keyof typeof KMS_SHAPES, OperationDefinition["handle"]> = {
  CreateKey: createKey,
  CreateAlias: createAlias,
  DescribeKey: describeKey,
  ListKeys: listKeys,
  ListAliases: listAliases,
  DisableKey: disableKey,
  EnableKey: enableKey,
};

export const OPERATIONS: ReadonlyMap<string, OperationDefinition> = new Map([
  ...Object.entries(workspaces).map(([name, handle]): [string, OperationDefinition] => [
    `${TARGET_PREFIXES.workspaces}.${name}`,
    { service: "workspaces", name, handle, shape: WORKSPACE_SHAPES[name as keyof typeof WORKSPACE_SHAPES] },
  ]),
  ...Object.entries(directoryService).map(([name, handle]): [string, OperationDefinition] => [
    `${TARGET_PREFIXES["directory-service"]}.${name}`,
    { service: "directory-service", name, handle, shape: DIRECTORY_SHAPES[name as keyof typeof DIRECTORY_SHAPES] },
  ]),
  ...Object.entries(kms).map(([name, handle]): [string, OperationDefinition] => [
    `${TARGET_PREFIXES.kms}.${name}`,
    { service: "kms", name, handle, shape: KMS_SHAPES[name as keyof typeof KMS_SHAPES] },
  ]),
]);
