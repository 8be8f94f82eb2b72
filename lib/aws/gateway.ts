// The worker's (and any server-side reader's) handle on AWS: per-region API objects sharing one
// call log and one rate limiter. Regions come from the operations themselves (Operation.region).

import { createDirectoryRadiusApi, type DirectoryRadiusApi } from "./directory-radius";
import { createIpGroupsApi, type IpGroupsApi } from "./ip-groups";
import { prismaCallLog, type CallLog } from "./call-log";
import { createAwsClients, type AwsClientOptions, type AwsClients } from "./clients";
import { createConnectionStatusApi, type ConnectionStatusApi } from "./connection-status";
import { createDirectoryCreationApi, type DirectoryCreationApi } from "./directory-creation";
import { createDirectoryServiceApi, type DirectoryServiceApi } from "./directory-service";
import { createPortalNetworkApi, type PortalNetworkApi } from "./portal-network";
import { createWorkspacePropertiesApi, type WorkspacePropertiesApi } from "./modify-workspace-properties";
import { DbRateLimiter } from "./db-rate-limiter";
import { TokenBucketRateLimiter, type RateLimiter } from "./rate-limiter";
import { createWorkspacesApi, type WorkspacesApi } from "./workspaces";
import { createKmsApi, type KmsApi } from "./kms";
import { createWorkspaceDirectoriesApi, type WorkspaceDirectoriesApi } from "./workspace-directories";
import { createWorkspaceImagesApi, type WorkspaceImagesApi } from "./workspace-images";
import { createWorkspaceMigrationApi, type WorkspaceMigrationApi } from "./workspace-migration";
import type { PrismaClient } from "@/lib/db/generated/client";
import { getConfig, type PortalConfig } from "@/lib/config";

export interface RegionApis {
  region: string;
  workspaces: WorkspacesApi;
  directoryService: DirectoryServiceApi;
  /** DescribeWorkspacesConnectionStatus (usage sampling for billing). */
  connectionStatus: ConnectionStatusApi;
  /** ModifyWorkspaceProperties for the running mode (billing-mode changes). */
  workspaceProperties: WorkspacePropertiesApi;
  /** Creating directories, and the EC2 network reads around it. */
  directoryCreation: DirectoryCreationApi;
  /** Registering directories with WorkSpaces (lib/directories). */
  workspaceDirectories: WorkspaceDirectoriesApi;
  ipGroups: IpGroupsApi;
  directoryRadius: DirectoryRadiusApi;
  /** Custom images and bundles (lib/images, lib/bundles). */
  workspaceImages: WorkspaceImagesApi;
  /** The network a quick set-up creates and a clean-up removes, and DeleteDirectory. */
  portalNetwork: PortalNetworkApi;
  /** DescribeKey: volume encryption keys (lib/guardrails). */
  kms: KmsApi;
  /** MigrateWorkspace and DescribeWorkspaceSnapshots (lib/desktops/migrate, restore's warning). */
  workspaceMigration: WorkspaceMigrationApi;
}

export interface AwsGateway {
  forRegion(region: string): RegionApis;
  destroy(): void;
}

export interface AwsGatewayOptions {
  callLog: CallLog;
  limiter?: RateLimiter;
  /** Everything but the region: endpoint (tests), maxAttempts, account label, timeouts. */
  clientOptions?: Omit<AwsClientOptions, "region" | "limiter">;
}

export function createAwsGateway(options: AwsGatewayOptions): AwsGateway {
  const limiter = options.limiter ?? new TokenBucketRateLimiter();
  const byRegion = new Map<string, { clients: AwsClients; apis: RegionApis }>();
  return {
    forRegion(region) {
      let entry = byRegion.get(region);
      if (!entry) {
        const clients = createAwsClients({ ...options.clientOptions, region, limiter });
        const apis = {
          region,
          workspaces: createWorkspacesApi({ clients, callLog: options.callLog }),
          directoryService: createDirectoryServiceApi({ clients, callLog: options.callLog }),
          connectionStatus: createConnectionStatusApi({ clients, callLog: options.callLog }),
          workspaceProperties: createWorkspacePropertiesApi({ clients, callLog: options.callLog }),
          directoryCreation: createDirectoryCreationApi({ clients, callLog: options.callLog }),
          workspaceDirectories: createWorkspaceDirectoriesApi({ clients, callLog: options.callLog }),
          ipGroups: createIpGroupsApi({ clients, callLog: options.callLog }),
          directoryRadius: createDirectoryRadiusApi({ clients, callLog: options.callLog }),
          workspaceImages: createWorkspaceImagesApi({ clients, callLog: options.callLog }),
          portalNetwork: createPortalNetworkApi({ clients, callLog: options.callLog }),
          kms: createKmsApi({ clients, callLog: options.callLog }),
          workspaceMigration: createWorkspaceMigrationApi({ clients, callLog: options.callLog }),
        };
        entry = { clients, apis };
        byRegion.set(region, entry);
      }
      return entry.apis;
    },
    destroy() {
      for (const { clients } of byRegion.values()) clients.destroy();
      byRegion.clear();
    },
  };
}

/**
 * The usual gateway: calls logged to the AwsCall table, and rate limited by the buckets in the
 * AwsRateBucket table, which every worker process (and machine) shares.
 */
export function createDbAwsGateway(
  db: Pick<PrismaClient, "awsCall" | "$queryRaw" | "$executeRaw">,
  options: Omit<AwsGatewayOptions, "callLog"> = {},
): AwsGateway {
  return createAwsGateway({ ...options, limiter: options.limiter ?? new DbRateLimiter(db), callLog: prismaCallLog(db) });
}

/**
 * Client options from the portal's settings. An AWS_ENDPOINT_URL in the environment is left to
 * the SDK; the embedded emulator (no such variable) is passed explicitly. An emulator, embedded or
 * behind an endpoint override, gets fake credentials unless the environment holds real ones.
 */
export function awsClientOptionsFromConfig(
  config: Pick<PortalConfig, "awsEndpointUrl" | "awsEndpoint" | "emulator" | "aws">,
): Omit<AwsClientOptions, "region" | "limiter"> {
  const embeddedEmulator = !config.awsEndpointUrl && config.emulator.enabled ? config.awsEndpoint : undefined;
  const emulator = Boolean(embeddedEmulator || config.aws.endpointOverride) && !config.aws.credentialsInEnvironment;
  return embeddedEmulator ? { endpoint: embeddedEmulator, emulator } : { emulator };
}

/** The gateway the app and the worker use: settings from lib/config, calls logged to AwsCall. */
export function createConfiguredAwsGateway(db: Pick<PrismaClient, "awsCall" | "$queryRaw" | "$executeRaw">, limiter?: RateLimiter): AwsGateway {
  return createDbAwsGateway(db, { limiter, clientOptions: awsClientOptionsFromConfig(getConfig()) });
}
