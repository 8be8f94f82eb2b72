/**
 * The AWS JSON 1.1 wire protocol, spoken raw (fetch) and through the real SDKs: targets, errors,
 * request ids, timestamps as epoch seconds, malformed input.
 */
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateWorkspacesCommand,
  DescribeWorkspacesCommand,
  RebuildWorkspacesCommand,
  ValidationException,
  WorkSpacesServiceException,
} from "@aws-sdk/client-workspaces";
import { DescribeDirectoriesCommand, DirectoryServiceServiceException } from "@aws-sdk/client-directory-service";
import { DIRECTORY_ID, rejection, request, startTestEmulator, type TestEmulator } from "@/test-support/emulator-fixture";

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t.close());

async function raw(target: string | undefined, body: string, method = "POST", urlPath = "/") {
  const headers: Record<string, string> = {
    "content-type": "application/x-amz-json-1.1",
    authorization: "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20250101/us-east-1/workspaces/aws4_request, SignedHeaders=host, Signature=abc",
  };
  if (target) headers["x-amz-target"] = target;
  const res = await fetch(`${t.emulator.url}${urlPath}`, { method, headers, ...(method === "POST" ? { body } : {}) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: JSON.parse(text) as Record<string, unknown> };
}

describe("raw wire protocol", () => {
  it("answers a valid call with JSON, a request id and epoch-second timestamps", async () => {
    const res = await raw("WorkspacesService.DescribeWorkspaceBundles", JSON.stringify({ Owner: "AMAZON" }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-amz-json-1.1");
    expect(res.headers.get("x-amzn-requestid")).toMatch(/^[0-9a-f-]{36}$/);
    const bundle = (res.json.Bundles as Record<string, unknown>[])[0];
    expect(typeof bundle.CreationTime).toBe("number");
    expect(bundle.CreationTime).toBe(Date.UTC(2024, 0, 15) / 1000);
  });

  it("accepts an empty body as an empty request", async () => {
    const res = await raw("WorkspacesService.DescribeWorkspaces", "");
    expect(res.status).toBe(200);
    expect(res.json.Workspaces).toEqual([]);
  });

  it("answers malformed JSON with 400 SerializationException", async () => {
    const res = await raw("WorkspacesService.DescribeWorkspaces", "{not json");
    expect(res.status).toBe(400);
    expect(res.json.__type).toBe("SerializationException");
    expect(res.headers.get("x-amzn-requestid")).toBeTruthy();
  });

  it("answers a wrong JSON type with SerializationException", async () => {
    const res = await raw("WorkspacesService.DescribeWorkspaces", JSON.stringify({ Limit: "ten" }));
    expect(res.status).toBe(400);
    expect(res.json.__type).toBe("SerializationException");
    const list = await raw("WorkspacesService.DescribeWorkspaces", JSON.stringify({ WorkspaceIds: "ws-123456789" }));
    expect(list.json.__type).toBe("SerializationException");
  });

  it("answers an unknown or missing X-Amz-Target with 400 UnknownOperationException", async () => {
    const unknown = await raw("WorkspacesService.LaunchRockets", "{}");
    expect(unknown.status).toBe(400);
    expect(unknown.json.__type).toBe("UnknownOperationException");
    const missing = await raw(undefined, "{}");
    expect(missing.status).toBe(400);
    expect(missing.json.__type).toBe("UnknownOperationException");
    const wrongService = await raw("DirectoryService_20150416.DescribeWorkspaces", "{}");
    expect(wrongService.json.__type).toBe("UnknownOperationException");
  });

  it("answers other paths and methods with JSON, never HTML", async () => {
    const res = await raw(undefined, "", "GET", "/");
    expect(res.status).toBe(404);
    expect(res.json.__type).toBe("UnknownOperationException");
    const other = await raw(undefined, "", "GET", "/favicon.ico");
    expect(other.status).toBe(404);
  });

  it("answers broken HTTP framing with JSON, and survives it", async () => {
    const { port } = t.emulator;
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, "127.0.0.1", () => socket.write("THIS IS NOT HTTP\r\n\r\n"));
      let data = "";
      socket.on("data", (d) => (data += d.toString()));
      socket.on("end", () => resolve(data));
      socket.on("error", reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    expect(reply).toContain('"__type":"BadRequest"');
    const after = await raw("WorkspacesService.DescribeWorkspaces", "{}");
    expect(after.status).toBe(200);
  });

  it("refuses oversized bodies without buffering them", async () => {
    const res = await raw("WorkspacesService.DescribeWorkspaces", `{"x":"${"a".repeat(17 * 1024 * 1024)}"}`);
    expect(res.status).toBe(413);
    expect(res.json.__type).toBe("RequestEntityTooLargeException");
  });

  it("reports every constraint violation in one ValidationException, coral style", async () => {
    const res = await raw(
      "WorkspacesService.DescribeWorkspaces",
      JSON.stringify({ Limit: 26, WorkspaceIds: ["ws-BAD"], BundleId: "bundle" }),
    );
    expect(res.status).toBe(400);
    expect(res.json.__type).toBe("ValidationException");
    expect(res.json.message).toMatch(/^3 validation errors detected: /);
    expect(res.json.message).toContain("Value '26' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 25");
    expect(res.json.message).toContain("at 'workspaceIds.1.member' failed to satisfy constraint: Member must satisfy regular expression pattern: ^ws-[0-9a-z]{8,63}$");
  });

  it("names missing required members", async () => {
    const res = await raw("WorkspacesService.CreateWorkspaces", JSON.stringify({ Workspaces: [{ DirectoryId: DIRECTORY_ID }] }));
    expect(res.json.__type).toBe("ValidationException");
    expect(res.json.message).toContain("Value null at 'workspaces.1.member.userName' failed to satisfy constraint: Member must not be null");
    expect(res.json.message).toContain("Value null at 'workspaces.1.member.bundleId'");
  });

  it("gives Directory Service errors their Message and RequestId members", async () => {
    const res = await raw("DirectoryService_20150416.DeleteDirectory", JSON.stringify({ DirectoryId: "d-0000000000" }));
    expect(res.status).toBe(400);
    expect(res.json.__type).toBe("EntityDoesNotExistException");
    expect(res.json.Message).toContain("d-0000000000");
    expect(res.json.RequestId).toBe(res.headers.get("x-amzn-requestid"));
  });
});

describe("through the SDK", () => {
  it("maps 26 items to the SDK's ValidationException", async () => {
    const requests = Array.from({ length: 26 }, (_, i) => request(`user${String(i + 1).padStart(4, "0")}`));
    const error = await rejection(t.ws.send(new CreateWorkspacesCommand({ Workspaces: requests })), ValidationException);
    expect(error.message).toContain("Member must have length less than or equal to 25");
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("refuses zero items and more than one rebuild", async () => {
    await rejection(t.ws.send(new CreateWorkspacesCommand({ Workspaces: [] })), ValidationException);
    await rejection(
      t.ws.send(new RebuildWorkspacesCommand({ RebuildWorkspaceRequests: [{ WorkspaceId: "ws-aaaaaaaaa" }, { WorkspaceId: "ws-bbbbbbbbb" }] })),
      ValidationException,
    );
  });

  it("rejects malformed ids with ValidationException", async () => {
    const error = await rejection(t.ws.send(new DescribeWorkspacesCommand({ WorkspaceIds: ["i-12345"] })), ValidationException);
    expect(error).toBeInstanceOf(WorkSpacesServiceException);
  });

  it("speaks Directory Service's target prefix and signs requests the SDK's way", async () => {
    const out = await t.ds.send(new DescribeDirectoriesCommand({}));
    expect(out.DirectoryDescriptions?.map((d) => d.DirectoryId)).toContain(DIRECTORY_ID);
    expect(out.DirectoryDescriptions?.[0].LaunchTime).toBeInstanceOf(Date);
    const error = await rejection(t.ds.send(new DescribeDirectoriesCommand({ DirectoryIds: ["d-123"] })), DirectoryServiceServiceException);
    expect(error.name).toBe("ValidationException");
  });
});
