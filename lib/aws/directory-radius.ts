// RADIUS MFA for desktop sign-in (Directory Service: AD Connector and Managed AD). The shared secret
// is passed through to AWS and nowhere else: not logged (the call log records no parameters).

import { DisableRadiusCommand, EnableRadiusCommand, UpdateRadiusCommand } from "@aws-sdk/client-directory-service";
import type { CallLog } from "./call-log";
import type { AwsClients } from "./clients";
import { invokeAws } from "./invoke";
import { done, type DirectoryChangeResult } from "./workspace-directories";
import type { CallContext } from "./workspaces";

export type RadiusSettingsInput = {
  servers: string[];
  port: number;
  timeoutSeconds: number;
  retries: number;
  protocol: "PAP" | "CHAP" | "MS-CHAPv1" | "MS-CHAPv2";
  displayLabel?: string;
  useSameUsername: boolean;
  sharedSecret: string;
};

export type DirectoryRadiusApi = ReturnType<typeof createDirectoryRadiusApi>;

export function createDirectoryRadiusApi({ clients, callLog }: { clients: AwsClients; callLog: CallLog }) {
  const call = (operation: string, context?: CallContext) => ({
    callLog,
    service: "ds" as const,
    region: clients.region,
    operation,
    mutating: true,
    itemCount: 1,
    operationIds: context?.operationIds,
  });
  const settings = (s: RadiusSettingsInput) => ({
    RadiusServers: s.servers,
    RadiusPort: s.port,
    RadiusTimeout: s.timeoutSeconds,
    RadiusRetries: s.retries,
    SharedSecret: s.sharedSecret,
    AuthenticationProtocol: s.protocol,
    ...(s.displayLabel ? { DisplayLabel: s.displayLabel } : {}),
    UseSameUsername: s.useSameUsername,
  });
  const ds = clients.directoryServiceMutations;
  return {
    /** Enable, or update when it is on already (a lost answer re-sent finds it on): idempotent. */
    async enableOrUpdate(directoryId: string, input: RadiusSettingsInput, context?: CallContext): Promise<DirectoryChangeResult> {
      const enabled = await invokeAws(call("EnableRadius", context), () => ds.send(new EnableRadiusCommand({ DirectoryId: directoryId, RadiusSettings: settings(input) })));
      if (enabled.ok || enabled.code !== "EntityAlreadyExistsException") return done(enabled);
      return done(await invokeAws(call("UpdateRadius", context), () => ds.send(new UpdateRadiusCommand({ DirectoryId: directoryId, RadiusSettings: settings(input) }))));
    },

    async update(directoryId: string, input: RadiusSettingsInput, context?: CallContext): Promise<DirectoryChangeResult> {
      return done(await invokeAws(call("UpdateRadius", context), () => ds.send(new UpdateRadiusCommand({ DirectoryId: directoryId, RadiusSettings: settings(input) }))));
    },

    /** Off when off already is not an error at AWS either. */
    async disable(directoryId: string, context?: CallContext): Promise<DirectoryChangeResult> {
      return done(await invokeAws(call("DisableRadius", context), () => ds.send(new DisableRadiusCommand({ DirectoryId: directoryId }))));
    },
  };
}
