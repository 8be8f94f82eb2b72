/**
 * Throttling (token buckets → ThrottlingException "Rate exceeded", which the SDK's standard retry
 * absorbs at moderate rates), server errors (500/503), latency, and the lost answer: the call takes
 * effect but the caller sees an error, so a blind retry is not safe.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateWorkspacesCommand,
  DescribeWorkspaceBundlesCommand,
  DescribeWorkspacesCommand,
  WorkSpacesClient,
  WorkSpacesServiceException,
} from "@aws-sdk/client-workspaces";
import { DIRECTORY_ID, clientConfig, rejection, request, startTestEmulator, type TestEmulator } from "@/test-support/emulator-fixture";

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t.close());

const describeBundles = (client: WorkSpacesClient) => client.send(new DescribeWorkspaceBundlesCommand({ Owner: "AMAZON" }));

describe("throttling", () => {
  it("answers ThrottlingException 'Rate exceeded' when a tight bucket is empty", async () => {
    t.emulator.updateConfig({ throttle: { operations: { DescribeWorkspaceBundles: { ratePerSecond: 0.1, burst: 2 } } } });
    try {
      await describeBundles(t.ws);
      await describeBundles(t.ws);
      // The SDK has no modelled ThrottlingException class for WorkSpaces: it arrives as the service
      // exception with name ThrottlingException, which its retry strategy classifies as throttling.
      const error = await rejection(describeBundles(t.ws), WorkSpacesServiceException);
      expect(error.name).toBe("ThrottlingException");
      expect(error.message).toBe("Rate exceeded");
      expect(error.$metadata.httpStatusCode).toBe(400);
      // Other operations have their own bucket.
      await t.ws.send(new DescribeWorkspacesCommand({}));
    } finally {
      t.emulator.updateConfig({ throttle: {} });
    }
  });

  it("lets the SDK's standard retries succeed under a moderate rate", async () => {
    t.emulator.updateConfig({ throttle: { default: { ratePerSecond: 4, burst: 1 } } });
    const retrying = new WorkSpacesClient(clientConfig(t.emulator.url, 6));
    try {
      let retried = 0;
      for (let i = 0; i < 5; i++) {
        const out = await describeBundles(retrying);
        retried += out.$metadata.attempts! - 1;
      }
      expect(retried).toBeGreaterThan(0);
    } finally {
      retrying.destroy();
      t.emulator.updateConfig({ throttle: {} });
    }
  }, 30_000);

  it("can be configured through the control endpoint, with validation", async () => {
    const bad = await t.control("POST", "/emulator/config", { throttle: { default: { ratePerSecond: 0, burst: 1 } } });
    expect(bad.status).toBe(400);
    const good = await t.control("POST", "/emulator/config", { throttle: { operations: { DescribeWorkspaces: { ratePerSecond: 0.01, burst: 1 } } } });
    expect(good.status).toBe(200);
    await t.ws.send(new DescribeWorkspacesCommand({}));
    const error = await rejection(t.ws.send(new DescribeWorkspacesCommand({})), WorkSpacesServiceException);
    expect(error.name).toBe("ThrottlingException");
    await t.control("POST", "/emulator/config", { throttle: {} });
  });
});

describe("server errors and latency", () => {
  it("fails a configured share of calls with 500 InternalFailure or 503 ServiceUnavailable, without effect", async () => {
    t.emulator.updateConfig({ faults: { operations: { CreateWorkspaces: { errorRate: 1 } }, seed: 7 } });
    try {
      const seen = new Set<string>();
      for (let i = 0; i < 8; i++) {
        const error = await rejection(t.ws.send(new CreateWorkspacesCommand({ Workspaces: [request("alice")] })), WorkSpacesServiceException);
        expect([500, 503]).toContain(error.$metadata.httpStatusCode);
        expect(error.$fault).toBe("server");
        seen.add(error.name);
      }
      expect([...seen].sort()).toEqual(["InternalFailure", "ServiceUnavailable"]);
      const described = await t.ws.send(new DescribeWorkspacesCommand({ DirectoryId: DIRECTORY_ID, UserName: "alice" }));
      expect(described.Workspaces).toEqual([]);
    } finally {
      t.emulator.updateConfig({ faults: {} });
    }
  });

  it("adds latency", async () => {
    t.emulator.updateConfig({ faults: { latencyMs: 150 } });
    try {
      const started = performance.now();
      await describeBundles(t.ws);
      expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    } finally {
      t.emulator.updateConfig({ faults: {} });
    }
  });
});

describe("lost answers", () => {
  it("creates the desktop although the connection was reset before the answer", async () => {
    t.emulator.updateConfig({ faults: { operations: { CreateWorkspaces: { lostAnswerRate: 1, lostAnswerMode: "destroy" } } } });
    try {
      const error = await rejection(t.ws.send(new CreateWorkspacesCommand({ Workspaces: [request("bob")] })), Error);
      expect(error).not.toBeInstanceOf(WorkSpacesServiceException);
    } finally {
      t.emulator.updateConfig({ faults: {} });
    }
    const found = await t.ws.send(new DescribeWorkspacesCommand({ DirectoryId: DIRECTORY_ID, UserName: "bob" }));
    expect(found.Workspaces).toHaveLength(1);
    expect(found.Workspaces![0].State).toBe("PENDING");
  });

  it("creates the desktop although the caller saw a 500; a blind retry then fails per item", async () => {
    t.emulator.updateConfig({ faults: { operations: { CreateWorkspaces: { lostAnswerRate: 1, lostAnswerMode: "500" } } } });
    try {
      const error = await rejection(t.ws.send(new CreateWorkspacesCommand({ Workspaces: [request("carol")] })), WorkSpacesServiceException);
      expect(error.name).toBe("InternalFailure");
      expect(error.$metadata.httpStatusCode).toBe(500);
    } finally {
      t.emulator.updateConfig({ faults: {} });
    }
    const retry = await t.ws.send(new CreateWorkspacesCommand({ Workspaces: [request("carol")] }));
    expect(retry.FailedRequests![0].ErrorCode).toBe("ResourceExists.Workspace");
    const found = await t.ws.send(new DescribeWorkspacesCommand({ DirectoryId: DIRECTORY_ID, UserName: "carol" }));
    expect(found.Workspaces).toHaveLength(1);
  });

  it("makes the SDK's own retry of a lost answer hit the desktop it already created", async () => {
    t.emulator.updateConfig({ faults: { operations: { CreateWorkspaces: { lostAnswerRate: 0.5, lostAnswerMode: "500" } }, seed: 3 } });
    const retrying = new WorkSpacesClient(clientConfig(t.emulator.url, 10));
    try {
      let sawDuplicate = false;
      for (const user of ["user0101", "user0102", "user0103", "user0104", "user0105", "user0106"]) {
        const out = await retrying.send(new CreateWorkspacesCommand({ Workspaces: [request(user)] }));
        if (out.$metadata.attempts! > 1 && out.FailedRequests?.[0]?.ErrorCode === "ResourceExists.Workspace") sawDuplicate = true;
        const found = await t.ws.send(new DescribeWorkspacesCommand({ DirectoryId: DIRECTORY_ID, UserName: user }));
        expect(found.Workspaces).toHaveLength(1);
      }
      expect(sawDuplicate).toBe(true);
    } finally {
      retrying.destroy();
      t.emulator.updateConfig({ faults: {} });
    }
  }, 30_000);
});
