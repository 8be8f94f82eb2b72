/**
 * DescribeWorkspaces: paging over 60 desktops, one filter at a time, token rules, eventual
 * consistency of new ids.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DescribeWorkspacesCommand,
  InvalidParameterValuesException,
  ValidationException,
  paginateDescribeWorkspaces,
} from "@aws-sdk/client-workspaces";
import { DIRECTORY_ID, STANDARD_BUNDLE, VALUE_LINUX_BUNDLE, createDesktops, rejection, request, startTestEmulator, users, type TestEmulator } from "@/test-support/emulator-fixture";

let t: TestEmulator;
let ids: string[];
beforeAll(async () => {
  t = await startTestEmulator();
  ids = await createDesktops(t.ws, [
    ...users(1, 50).map((u) => request(u)),
    ...users(51, 10).map((u) => request(u, { BundleId: VALUE_LINUX_BUNDLE })),
  ]);
});
afterAll(() => t.close());

describe("DescribeWorkspaces paging", () => {
  it("pages 60 desktops in creation order with Limit 25 and an opaque NextToken", async () => {
    const pages: string[][] = [];
    let token: string | undefined;
    do {
      const out = await t.ws.send(new DescribeWorkspacesCommand({ Limit: 25, NextToken: token }));
      pages.push(out.Workspaces!.map((w) => w.WorkspaceId!));
      token = out.NextToken;
      if (token) expect(token).not.toContain("ws-");
    } while (token);
    expect(pages.map((p) => p.length)).toEqual([25, 25, 10]);
    expect(pages.flat()).toEqual(ids);
  });

  it("works with the SDK's paginator and a small page size", async () => {
    const seen: string[] = [];
    for await (const page of paginateDescribeWorkspaces({ client: t.ws, pageSize: 7 }, { DirectoryId: DIRECTORY_ID })) {
      expect(page.Workspaces!.length).toBeLessThanOrEqual(7);
      seen.push(...page.Workspaces!.map((w) => w.WorkspaceId!));
    }
    expect(seen).toEqual(ids);
  });

  it("defaults to pages of 25", async () => {
    const out = await t.ws.send(new DescribeWorkspacesCommand({}));
    expect(out.Workspaces).toHaveLength(25);
    expect(out.NextToken).toBeDefined();
  });

  it("rejects a tampered token and a token from another listing", async () => {
    await rejection(t.ws.send(new DescribeWorkspacesCommand({ NextToken: "garbage" })), InvalidParameterValuesException);
    const first = await t.ws.send(new DescribeWorkspacesCommand({ Limit: 5 }));
    const error = await rejection(
      t.ws.send(new DescribeWorkspacesCommand({ BundleId: STANDARD_BUNDLE, NextToken: first.NextToken })),
      InvalidParameterValuesException,
    );
    expect(error.message).toContain("NextToken");
  });

  it("limits Limit to 1..25", async () => {
    await rejection(t.ws.send(new DescribeWorkspacesCommand({ Limit: 26 })), ValidationException);
    await rejection(t.ws.send(new DescribeWorkspacesCommand({ Limit: 0 })), ValidationException);
  });
});

describe("DescribeWorkspaces filters", () => {
  it("finds by ids (up to 25), skipping unknown ones", async () => {
    const out = await t.ws.send(new DescribeWorkspacesCommand({ WorkspaceIds: [ids[3], "ws-zzzzzzzzz", ids[59]] }));
    expect(out.Workspaces!.map((w) => w.WorkspaceId)).toEqual([ids[3], ids[59]]);
    await rejection(t.ws.send(new DescribeWorkspacesCommand({ WorkspaceIds: ids.slice(0, 26) })), ValidationException);
  });

  it("finds by directory and user name (case-insensitive)", async () => {
    const out = await t.ws.send(new DescribeWorkspacesCommand({ DirectoryId: DIRECTORY_ID, UserName: "USER0007" }));
    expect(out.Workspaces!.map((w) => w.WorkspaceId)).toEqual([ids[6]]);
  });

  it("finds by bundle", async () => {
    const out = await t.ws.send(new DescribeWorkspacesCommand({ BundleId: VALUE_LINUX_BUNDLE }));
    expect(out.Workspaces!.map((w) => w.WorkspaceId)).toEqual(ids.slice(50));
    expect(out.Workspaces![0].WorkspaceProperties?.OperatingSystemName).toBe("AMAZON_LINUX_2");
  });

  it("allows only one filter at a time", async () => {
    const error = await rejection(
      t.ws.send(new DescribeWorkspacesCommand({ DirectoryId: DIRECTORY_ID, BundleId: STANDARD_BUNDLE })),
      InvalidParameterValuesException,
    );
    expect(error.message).toContain("Only one of the following are allowed");
    await rejection(t.ws.send(new DescribeWorkspacesCommand({ WorkspaceIds: [ids[0]], DirectoryId: DIRECTORY_ID })), InvalidParameterValuesException);
  });

  it("requires DirectoryId with UserName", async () => {
    const error = await rejection(t.ws.send(new DescribeWorkspacesCommand({ UserName: "user0001" })), InvalidParameterValuesException);
    expect(error.message).toBe("The DirectoryId parameter is required when UserName is used.");
  });
});

describe("eventual consistency", () => {
  it("hides new desktops for describeLagSeconds", async () => {
    t.emulator.updateConfig({ describeLagSeconds: 30 });
    try {
      const [id] = await createDesktops(t.ws, [request("alice")]);
      expect((await t.ws.send(new DescribeWorkspacesCommand({ WorkspaceIds: [id] }))).Workspaces).toEqual([]);
      t.emulator.advanceClock(31);
      expect((await t.ws.send(new DescribeWorkspacesCommand({ WorkspaceIds: [id] }))).Workspaces).toHaveLength(1);
    } finally {
      t.emulator.updateConfig({ describeLagSeconds: 0 });
    }
  });
});
