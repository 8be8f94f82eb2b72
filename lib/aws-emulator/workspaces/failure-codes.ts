/**
 * Per-item error codes (FailedRequests[].ErrorCode). AWS does not publish a list; these follow the
 * "<Problem>.<Resource>" form AWS answers with (e.g. ResourceNotFound.Directory with "The specified
 * directory could not be found in the specified region.") and the one code the API docs name,
 * AutoStopTimeoutIsNotApplicableForAnAlwaysOnWorkspace. The portal should show them, not parse them.
 */
export const FAILURE = {
  directoryNotFound: "ResourceNotFound.Directory",
  directoryNotReady: "InvalidResourceState.Directory",
  bundleNotFound: "ResourceNotFound.Bundle",
  userNotFound: "ResourceNotFound.User",
  workspaceExists: "ResourceExists.Workspace",
  workspaceNotFound: "ResourceNotFound.Workspace",
  invalidState: "InvalidResourceState.Workspace",
  limitExceeded: "ResourceLimitExceeded",
  invalidParameter: "InvalidParameterValues",
  operationNotSupported: "OperationNotSupported",
  autoStopTimeoutOnAlwaysOn: "AutoStopTimeoutIsNotApplicableForAnAlwaysOnWorkspace",
  noFreeAddresses: "InsufficientFreeAddressesInSubnet",
  kmsKeyNotFound: "ResourceNotFound.KmsKey",
  kmsKeyDisabled: "InvalidResourceState.KmsKey",
} as const;
