/**
 * RADIUS for desktop MFA: EnableRadius, UpdateRadius, DisableRadius on AD Connector and Managed AD
 * directories that are Active. RadiusStatus is Creating for a (scaled) while after each change, then
 * Completed, or Failed when a RADIUS server is unreachable (the same rule as AD Connector's DNS
 * addresses: RFC 5737 documentation ranges). The shared secret is kept only as a hash and never
 * returned.
 */
import type {
  DirectoryDescription,
  DisableRadiusRequest,
  DisableRadiusResult,
  EnableRadiusRequest,
  EnableRadiusResult,
  RadiusSettings,
  UpdateRadiusRequest,
  UpdateRadiusResult,
} from "@aws-sdk/client-directory-service";
import type { EmulatorContext } from "../emulator-context";
import type { DirectoryRecord, RadiusRecord } from "../records";
import { dsError, isUnreachable } from "./directories";
import { directoryStage, liveDirectory } from "./directory-lifecycle";
import { hashPassword } from "./user-passwords";

function radiusDirectory(ctx: EmulatorContext, directoryId: string): DirectoryRecord {
  const dir = liveDirectory(ctx, directoryId);
  if (!dir) throw dsError("EntityDoesNotExistException", `Directory ${directoryId} does not exist.`);
  if (dir.Type === "SimpleAD") {
    throw dsError("ClientException", "RADIUS multi-factor authentication is available for AD Connector and AWS Managed Microsoft AD directories only.");
  }
  if (directoryStage(dir, ctx.now()) !== "Active") throw dsError("ClientException", `Directory ${dir.DirectoryId} is not Active.`);
  return dir;
}

function radiusRecord(ctx: EmulatorContext, settings: RadiusSettings): RadiusRecord {
  const missing = (["RadiusServers", "RadiusPort", "RadiusTimeout", "RadiusRetries", "SharedSecret", "AuthenticationProtocol"] as const).filter(
    (name) => settings[name] === undefined || (name === "RadiusServers" && settings.RadiusServers!.length === 0),
  );
  if (missing.length > 0) throw dsError("InvalidParameterException", `RadiusSettings must include ${missing.join(", ")}.`);
  const servers = settings.RadiusServers!;
  return {
    RadiusServers: [...servers],
    RadiusPort: settings.RadiusPort!,
    RadiusTimeout: settings.RadiusTimeout!,
    RadiusRetries: settings.RadiusRetries!,
    AuthenticationProtocol: settings.AuthenticationProtocol!,
    ...(settings.DisplayLabel ? { DisplayLabel: settings.DisplayLabel } : {}),
    ...(settings.UseSameUsername !== undefined ? { UseSameUsername: settings.UseSameUsername } : {}),
    sharedSecretHash: hashPassword(settings.SharedSecret!),
    readyAt: ctx.now() + ctx.duration("radiusConfiguring"),
    failed: servers.some(isUnreachable),
  };
}

export function enableRadius(input: EnableRadiusRequest, ctx: EmulatorContext): EnableRadiusResult {
  const dir = radiusDirectory(ctx, input.DirectoryId!);
  if (dir.radius) throw dsError("EntityAlreadyExistsException", `RADIUS is already enabled for directory ${dir.DirectoryId}; use UpdateRadius.`);
  dir.radius = radiusRecord(ctx, input.RadiusSettings!);
  ctx.store.touch("directories", dir.DirectoryId);
  return {};
}

export function updateRadius(input: UpdateRadiusRequest, ctx: EmulatorContext): UpdateRadiusResult {
  const dir = radiusDirectory(ctx, input.DirectoryId!);
  if (!dir.radius) throw dsError("ClientException", `RADIUS is not enabled for directory ${dir.DirectoryId}; use EnableRadius.`);
  dir.radius = radiusRecord(ctx, input.RadiusSettings!);
  ctx.store.touch("directories", dir.DirectoryId);
  return {};
}

/** Turning RADIUS off when it is off already is not an error (a retried clean-up step must pass). */
export function disableRadius(input: DisableRadiusRequest, ctx: EmulatorContext): DisableRadiusResult {
  const dir = radiusDirectory(ctx, input.DirectoryId!);
  if (dir.radius) {
    dir.radius = undefined;
    ctx.store.touch("directories", dir.DirectoryId);
  }
  return {};
}

/** The RADIUS members of DescribeDirectories: the settings without the secret, and the status. */
export function radiusDescription(radius: RadiusRecord, now: number): Pick<DirectoryDescription, "RadiusSettings" | "RadiusStatus"> {
  return {
    RadiusSettings: {
      RadiusServers: [...radius.RadiusServers],
      RadiusPort: radius.RadiusPort,
      RadiusTimeout: radius.RadiusTimeout,
      RadiusRetries: radius.RadiusRetries,
      AuthenticationProtocol: radius.AuthenticationProtocol as RadiusSettings["AuthenticationProtocol"],
      ...(radius.DisplayLabel ? { DisplayLabel: radius.DisplayLabel } : {}),
      ...(radius.UseSameUsername !== undefined ? { UseSameUsername: radius.UseSameUsername } : {}),
    },
    RadiusStatus: now < radius.readyAt ? "Creating" : radius.failed ? "Failed" : "Completed",
  };
}
