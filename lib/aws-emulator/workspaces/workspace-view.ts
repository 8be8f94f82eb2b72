/** How a desktop record looks in WorkSpaces answers (the SDK's `Workspace` shape). */
import type { Workspace, WorkspaceProperties } from "@aws-sdk/client-workspaces";
import type { WorkspaceRecord } from "../records";

export function workspacePropertiesView(ws: WorkspaceRecord): WorkspaceProperties {
  const p = ws.properties;
  return {
    RunningMode: p.RunningMode as WorkspaceProperties["RunningMode"],
    ...(p.RunningMode === "AUTO_STOP" ? { RunningModeAutoStopTimeoutInMinutes: p.RunningModeAutoStopTimeoutInMinutes ?? 60 } : {}),
    RootVolumeSizeGib: p.RootVolumeSizeGib,
    UserVolumeSizeGib: p.UserVolumeSizeGib,
    ComputeTypeName: p.ComputeTypeName as WorkspaceProperties["ComputeTypeName"],
    Protocols: p.Protocols as WorkspaceProperties["Protocols"],
    OperatingSystemName: p.OperatingSystemName as WorkspaceProperties["OperatingSystemName"],
  };
}

export function workspaceView(ws: WorkspaceRecord): Workspace {
  // While PENDING the desktop has no address or computer name yet, as on AWS.
  const provisioned = ws.state !== "PENDING";
  return {
    WorkspaceId: ws.WorkspaceId,
    DirectoryId: ws.DirectoryId,
    UserName: ws.UserName,
    ...(provisioned ? { IpAddress: ws.IpAddress } : {}),
    State: ws.state as Workspace["State"],
    BundleId: ws.BundleId,
    ...(provisioned ? { SubnetId: ws.SubnetId, ComputerName: ws.ComputerName } : {}),
    ...(ws.ErrorCode ? { ErrorCode: ws.ErrorCode, ErrorMessage: ws.ErrorMessage } : {}),
    ...(ws.VolumeEncryptionKey ? { VolumeEncryptionKey: ws.VolumeEncryptionKey } : {}),
    UserVolumeEncryptionEnabled: ws.UserVolumeEncryptionEnabled,
    RootVolumeEncryptionEnabled: ws.RootVolumeEncryptionEnabled,
    WorkspaceProperties: workspacePropertiesView(ws),
    ModificationStates: ws.modification ? [{ Resource: ws.modification.resource, State: "UPDATE_IN_PROGRESS" }] : [],
  };
}
