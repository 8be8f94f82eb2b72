// The operation types of day-2 changes (client-safe: the desktop page filters failures by them).
export const RESIZE_OPERATION_TYPES = ["MODIFY_COMPUTE_TYPE", "MODIFY_VOLUME"] as const;
