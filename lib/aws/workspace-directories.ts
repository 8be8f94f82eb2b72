// WorkSpaces' side of a directory: registering and deregistering it, and its settings.
// Mutations: the SDK retries them only on throttling; a lost answer comes back as "unknown-outcome".
// Both are made idempotent here: the state they aim for, already reached, counts as done.

import {
  DeregisterWorkspaceDirectoryCommand,
  ModifySelfservicePermissionsCommand,
  ModifyWorkspaceAccessPropertiesCommand,
  ModifyWorkspaceCreationPropertiesCommand,
  RegisterWorkspaceDirectoryCommand,
} from "@aws-sdk/client-workspaces";
import type { CreationProperties, DeviceAccess, SelfServicePermissions } from "@/lib/directories/settings";
import type { CallLog } from "./call-log";
import type { AwsClients } from "./clients";
import type { AwsFailure } from "./errors";
import { invokeAws } from "./invoke";
import type { CallContext } from "./workspaces";

export type DirectoryChangeResult = { ok: true; requestId?: string; alreadyDone: boolean } | AwsFailure;

/** A call whose repetition is harmless: success as a change result. */
export function done(result: { ok: true; requestId?: string } | AwsFailure): DirectoryChangeResult {
  return result.ok ? { ok: true, requestId: result.requestId, alreadyDone: false } : result;
}

export type WorkspaceDirectoriesApi = ReturnType<typeof createWorkspaceDirectoriesApi>;

export function createWorkspaceDirectoriesApi({ clients, callLog }: { clients: AwsClients; callLog: CallLog }) {
  const call = (operation: string, context?: CallContext) => ({
    callLog,
    service: "workspaces" as const,
    region: clients.region,
    operation,
    mutating: true,
    itemCount: 1,
    operationIds: context?.operationIds,
  });
  return {
    region: clients.region,

    /** In the directory's own subnets; self-service off (the admin turns it on in the portal). */
    async registerDirectory(directoryId: string, context?: CallContext): Promise<DirectoryChangeResult> {
      const result = await invokeAws(call("RegisterWorkspaceDirectory", context), () =>
        clients.workspacesMutations.send(new RegisterWorkspaceDirectoryCommand({ DirectoryId: directoryId })),
      );
      if (result.ok) return { ok: true, requestId: result.requestId, alreadyDone: false };
      // A lost answer re-sent: the earlier call registered it.
      if (result.code === "ResourceAlreadyExistsException") return { ok: true, requestId: result.requestId, alreadyDone: true };
      return result;
    },

    async deregisterDirectory(directoryId: string, context?: CallContext): Promise<DirectoryChangeResult> {
      const result = await invokeAws(call("DeregisterWorkspaceDirectory", context), () =>
        clients.workspacesMutations.send(new DeregisterWorkspaceDirectoryCommand({ DirectoryId: directoryId })),
      );
      if (result.ok) return { ok: true, requestId: result.requestId, alreadyDone: false };
      // Not registered (any more): what deregistering aims for.
      if (result.code === "ResourceNotFoundException") return { ok: true, requestId: result.requestId, alreadyDone: true };
      return result;
    },

    /** Device access per device type (only those given change); setting it is idempotent. */
    async modifyAccess(directoryId: string, devices: DeviceAccess, context?: CallContext): Promise<DirectoryChangeResult> {
      return done(
        await invokeAws(call("ModifyWorkspaceAccessProperties", context), () =>
          clients.workspacesMutations.send(new ModifyWorkspaceAccessPropertiesCommand({ ResourceId: directoryId, WorkspaceAccessProperties: devices })),
        ),
      );
    },

    /** What users may do to their own desktops from the WorkSpaces client; idempotent. */
    async modifySelfService(directoryId: string, permissions: SelfServicePermissions, context?: CallContext): Promise<DirectoryChangeResult> {
      return done(
        await invokeAws(call("ModifySelfservicePermissions", context), () =>
          clients.workspacesMutations.send(new ModifySelfservicePermissionsCommand({ ResourceId: directoryId, SelfservicePermissions: permissions })),
        ),
      );
    },

    /** New desktops' defaults; an empty DefaultOu clears it. Idempotent. */
    async modifyCreation(directoryId: string, properties: CreationProperties, context?: CallContext): Promise<DirectoryChangeResult> {
      return done(
        await invokeAws(call("ModifyWorkspaceCreationProperties", context), () =>
          clients.workspacesMutations.send(
            new ModifyWorkspaceCreationPropertiesCommand({
              ResourceId: directoryId,
              WorkspaceCreationProperties: {
                DefaultOu: properties.defaultOu ?? "",
                ...(properties.customSecurityGroupId ? { CustomSecurityGroupId: properties.customSecurityGroupId } : {}),
                EnableInternetAccess: properties.enableInternetAccess,
                EnableMaintenanceMode: properties.enableMaintenanceMode,
                UserEnabledAsLocalAdministrator: properties.userEnabledAsLocalAdministrator,
              },
            }),
          ),
        ),
      );
    },
  };
}
