// Directory Service reads the portal needs: the directories in a region, merged with their
// WorkSpaces registration (RegistrationCode, web access), and ResetUserPassword (Simple AD and
// Managed AD). Other user management is over LDAP (lib/directories/users): the Directory Service
// API has no user listing (that is the DS Data API, Managed AD only).

import { DescribeDirectoriesCommand, ResetUserPasswordCommand } from "@aws-sdk/client-directory-service";
import type { DirectorySettings } from "@/lib/directories/settings";
import type { CallLog } from "./call-log";
import type { AwsClients } from "./clients";
import type { AwsFailure } from "./errors";
import { invokeAws } from "./invoke";
import type { CallContext, WorkspacesApi } from "./workspaces";

export type PortalDirectoryType = "SIMPLE_AD" | "AD_CONNECTOR" | "MICROSOFT_AD";

export interface DsDirectoryInfo {
  directoryId: string;
  name: string;
  shortName?: string;
  alias?: string;
  type: PortalDirectoryType;
  /** DS stage: Requested, Creating, Created, Active, Inoperable, Impaired, Restoring, ... */
  stage: string;
  size?: string;
  edition?: string;
  /** The domain controllers' addresses (directory sign-in binds to them over LDAPS). */
  dnsIpAddrs: string[];
  /** VpcSettings, or ConnectSettings for AD Connector. */
  vpcId?: string;
  subnetIds?: string[];
  /** RADIUS (MFA) status: Creating, Completed, Failed; absent when RADIUS is off. */
  radiusStatus?: string;
  /** The RADIUS settings AWS reports (never the shared secret; AWS does not return it). */
  radius?: RadiusView;
}

export interface RadiusView {
  servers: string[];
  port?: number;
  timeoutSeconds?: number;
  retries?: number;
  protocol?: string;
  displayLabel?: string;
  useSameUsername?: boolean;
}

export interface DirectoryCatalogueEntry extends DsDirectoryInfo {
  region: string;
  registered: boolean;
  /** WorkSpaces' registration state (REGISTERING, DEREGISTERING, ...); absent when not registered. */
  registrationState?: string;
  registrationCode?: string;
  webAccess: boolean;
  /** The WorkSpaces settings; absent when not registered. */
  settings?: DirectorySettings;
}

const TYPE_MAP: Record<string, PortalDirectoryType> = {
  SimpleAD: "SIMPLE_AD",
  ADConnector: "AD_CONNECTOR",
  MicrosoftAD: "MICROSOFT_AD",
  SharedMicrosoftAD: "MICROSOFT_AD",
};

export type DirectoryServiceApi = ReturnType<typeof createDirectoryServiceApi>;

export function createDirectoryServiceApi({ clients, callLog }: { clients: AwsClients; callLog: CallLog }) {
  const region = clients.region;
  return {
    region,

    /** Every directory in the region (all pages). */
    async describeDirectories(
      filter: { directoryIds?: string[] } = {},
      context?: CallContext,
    ): Promise<{ ok: true; directories: DsDirectoryInfo[] } | AwsFailure> {
      const directories: DsDirectoryInfo[] = [];
      let nextToken: string | undefined;
      do {
        const result = await invokeAws(
          {
            callLog,
            service: "ds",
            region,
            operation: "DescribeDirectories",
            mutating: false,
            itemCount: filter.directoryIds?.length ?? 0,
            operationIds: context?.operationIds,
          },
          () =>
            clients.directoryService.send(
              new DescribeDirectoriesCommand({ DirectoryIds: filter.directoryIds, NextToken: nextToken }),
            ),
        );
        if (!result.ok) return result;
        for (const d of result.output.DirectoryDescriptions ?? []) {
          if (!d.DirectoryId) continue;
          directories.push({
            directoryId: d.DirectoryId,
            name: d.Name ?? d.DirectoryId,
            shortName: d.ShortName,
            alias: d.Alias,
            type: TYPE_MAP[d.Type ?? ""] ?? "SIMPLE_AD",
            stage: d.Stage ?? "Unknown",
            size: d.Size,
            edition: d.Edition,
            dnsIpAddrs: d.DnsIpAddrs ?? [],
            vpcId: d.VpcSettings?.VpcId ?? d.ConnectSettings?.VpcId,
            subnetIds: d.VpcSettings?.SubnetIds ?? d.ConnectSettings?.SubnetIds,
            radiusStatus: d.RadiusStatus,
            ...(d.RadiusSettings
              ? {
                  radius: {
                    servers: d.RadiusSettings.RadiusServers ?? [],
                    port: d.RadiusSettings.RadiusPort,
                    timeoutSeconds: d.RadiusSettings.RadiusTimeout,
                    retries: d.RadiusSettings.RadiusRetries,
                    protocol: d.RadiusSettings.AuthenticationProtocol,
                    displayLabel: d.RadiusSettings.DisplayLabel,
                    useSameUsername: d.RadiusSettings.UseSameUsername,
                  },
                }
              : {}),
          });
        }
        nextToken = result.output.NextToken || undefined;
      } while (nextToken);
      return { ok: true, directories };
    },

    /** An admin's password reset (Simple AD and Managed AD). Setting the same password twice is harmless,
     *  so a lost answer is simply sent again. The password is in no log: the call log keeps no input. */
    async resetUserPassword(
      input: { directoryId: string; userName: string; newPassword: string },
      context?: CallContext,
    ): Promise<{ ok: true; requestId?: string } | AwsFailure> {
      const result = await invokeAws(
        { callLog, service: "ds", region, operation: "ResetUserPassword", mutating: true, itemCount: 1, operationIds: context?.operationIds },
        () => clients.directoryService.send(new ResetUserPasswordCommand({ DirectoryId: input.directoryId, UserName: input.userName, NewPassword: input.newPassword })),
      );
      return result.ok ? { ok: true, requestId: result.requestId } : result;
    },
  };
}

/**
 * Directory Service directories joined with their WorkSpaces registration: what the portal caches
 * in its Directory table. Two calls (DS, then WorkSpaces), each paged.
 */
export async function describeDirectoryCatalogue(
  ds: DirectoryServiceApi,
  workspaces: WorkspacesApi,
  context?: CallContext,
): Promise<{ ok: true; directories: DirectoryCatalogueEntry[] } | AwsFailure> {
  const dsResult = await ds.describeDirectories({}, context);
  if (!dsResult.ok) return dsResult;
  const wsResult = await workspaces.describeWorkspaceDirectories(context);
  if (!wsResult.ok) return wsResult;
  const registrations = new Map(wsResult.directories.map((d) => [d.directoryId, d]));
  return {
    ok: true,
    directories: dsResult.directories.map((d) => {
      const registration = registrations.get(d.directoryId);
      return {
        ...d,
        region: ds.region,
        registered: registration?.state === "REGISTERED",
        registrationState: registration?.state,
        registrationCode: registration?.registrationCode,
        webAccess: registration?.webAccess ?? false,
        settings: registration?.settings,
      };
    }),
  };
}
