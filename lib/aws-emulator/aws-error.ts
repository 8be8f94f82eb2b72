/**
 * An error the emulator answers with on the AWS JSON 1.1 wire: HTTP status plus a body
 * `{"__type": name, "message": ...}`. The SDK maps `__type` to its exception classes.
 */
export class AwsError extends Error {
  readonly type: string;
  readonly status: number;
  /** Extra members some error shapes carry (Directory Service errors use `Message` and `RequestId`). */
  readonly extra: Record<string, unknown>;

  constructor(type: string, message: string, status = 400, extra: Record<string, unknown> = {}) {
    super(message);
    this.name = type;
    this.type = type;
    this.status = status;
    this.extra = extra;
  }
}

/** Shorthands for the errors used most, so handlers read like the API reference. */
export const awsErrors = {
  validation: (message: string) => new AwsError("ValidationException", message),
  invalidParameterValues: (message: string) => new AwsError("InvalidParameterValuesException", message),
  resourceNotFound: (message: string, resourceId?: string) =>
    new AwsError("ResourceNotFoundException", message, 400, resourceId ? { ResourceId: resourceId } : {}),
  invalidResourceState: (message: string) => new AwsError("InvalidResourceStateException", message),
  operationNotSupported: (message: string) => new AwsError("OperationNotSupportedException", message),
  resourceLimitExceeded: (message: string) => new AwsError("ResourceLimitExceededException", message),
  resourceAlreadyExists: (message: string) => new AwsError("ResourceAlreadyExistsException", message),
  resourceAssociated: (message: string) => new AwsError("ResourceAssociatedException", message),
  resourceUnavailable: (message: string, resourceId?: string) =>
    new AwsError("ResourceUnavailableException", message, 400, resourceId ? { ResourceId: resourceId } : {}),
};
