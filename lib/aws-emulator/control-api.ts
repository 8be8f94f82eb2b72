/**
 * Control endpoints under /emulator/ (like moto's /moto-api): health, whole state, reset, settings,
 * clock, directory users, network, the demo seed and a view of a desktop's simulated user. They
 * answer plain JSON; AWS has no API for these (e.g. Simple AD users), so they are the emulator's own.
 */
import { liveDirectory } from "./directory-service/directory-lifecycle";
import { hashPassword, passwordProblem, verifyPassword } from "./directory-service/user-passwords";
import type { ConfigPatch } from "./emulator-config";
import { applyDemoSeed } from "./demo-seed";
import { userKey } from "./emulator-store";
import type { EmulatorRuntime } from "./emulator-runtime";
import { addVpc as addEc2Vpc } from "./ec2/vpcs";
import { newSubnetId, newVpcId } from "./ids";
import { parseCidr } from "./network";
import type { DirectoryUserRecord } from "./records";
import { sessionsOnDay, userProfile } from "./user-sessions";
import { enterState, liveWorkspace } from "./workspaces/workspace-lifecycle";

export interface ControlAnswer {
  status: number;
  body: unknown;
}

const ok = (body: unknown): ControlAnswer => ({ status: 200, body });
const problem = (status: number, error: string): ControlAnswer => ({ status, body: { error } });

const USER_NAME = /^[A-Za-z0-9._-]{1,63}$/;
const DAY = 86_400_000;

type Json = Record<string, unknown>;

export function handleControl(runtime: EmulatorRuntime, method: string, url: URL, body: Json): ControlAnswer {
  const path = url.pathname.replace(/\/+$/, "");
  const { ctx } = runtime;
  try {
    if (method === "GET" && path === "/emulator/health") {
      return ok({ ok: true, now: new Date(ctx.now()).toISOString(), workspaces: ctx.store.workspaces.size, directories: ctx.store.directories.size });
    }
    if (method === "GET" && path === "/emulator/state") {
      return ok({ now: new Date(ctx.now()).toISOString(), config: ctx.config, ...ctx.store.toSnapshot(0), journalSeq: undefined });
    }
    if (method === "POST" && path === "/emulator/reset") {
      ctx.store.clear();
      runtime.ensureNetwork();
      if (body.seed === true) applyDemoSeed(ctx);
      runtime.persistence.snapshot(ctx.store);
      return ok({ reset: true, seeded: body.seed === true });
    }
    if (method === "POST" && path === "/emulator/seed") {
      applyDemoSeed(ctx);
      runtime.commit();
      return ok({ seeded: true });
    }
    if (path === "/emulator/config") {
      if (method === "GET") return ok(ctx.config);
      if (method === "POST") return ok(runtime.updateConfig(body as ConfigPatch));
    }
    if (method === "GET" && path === "/emulator/clock") {
      return ok({ now: new Date(ctx.now()).toISOString(), nowMs: ctx.now(), offsetSeconds: ctx.clock.offset / 1000 });
    }
    if (method === "POST" && path === "/emulator/clock/advance") {
      const seconds = Number(body.seconds);
      if (!(seconds >= 0)) return problem(400, "seconds must be a number >= 0");
      const now = runtime.advanceClock(seconds);
      return ok({ now: new Date(now).toISOString(), nowMs: now, offsetSeconds: ctx.clock.offset / 1000 });
    }
    const auth = /^\/emulator\/directories\/([^/]+)\/authenticate$/.exec(path);
    if (auth && method === "POST") return authenticate(runtime, decodeURIComponent(auth[1]), body);
    const users = /^\/emulator\/directories\/([^/]+)\/users(?:\/([^/]+))?$/.exec(path);
    if (users) return handleUsers(runtime, method, decodeURIComponent(users[1]), users[2] && decodeURIComponent(users[2]), body);
    if (path === "/emulator/network" && method === "GET") {
      return ok({
        vpcs: [...ctx.store.vpcs.values()],
        subnets: [...ctx.store.subnets.values()],
        internetGateways: [...ctx.store.internetGateways.values()],
        routeTables: [...ctx.store.routeTables.values()],
        securityGroups: [...ctx.store.securityGroups.values()],
      });
    }
    if (path === "/emulator/network/vpcs" && method === "POST") return addVpc(runtime, body);
    if (path === "/emulator/network/subnets" && method === "POST") return addSubnet(runtime, body);
    const forced = /^\/emulator\/workspaces\/([^/]+)\/state$/.exec(path);
    if (forced && method === "POST") return forceState(runtime, decodeURIComponent(forced[1]), body);
    const sessions = /^\/emulator\/workspaces\/([^/]+)\/sessions$/.exec(path);
    if (sessions && method === "GET") return describeSessions(runtime, decodeURIComponent(sessions[1]), url);
    return problem(404, `No control endpoint ${method} ${path}`);
  } catch (error) {
    if (error instanceof RangeError || error instanceof TypeError) return problem(400, error.message);
    throw error;
  }
}

function handleUsers(runtime: EmulatorRuntime, method: string, directoryId: string, userName: string | undefined, body: Json): ControlAnswer {
  const { ctx } = runtime;
  const dir = liveDirectory(ctx, directoryId);
  if (!dir) return problem(404, `Directory ${directoryId} does not exist`);
  if (method === "GET" && !userName) {
    const list = ctx.store.usersOf(directoryId).sort((a, b) => a.UserName.localeCompare(b.UserName));
    return ok({ DirectoryId: directoryId, Users: list.map(({ passwordLastSetAt: _p, passwordHash: _h, previousPasswordHash: _o, ...u }) => u) });
  }
  if (method === "GET" && userName) {
    const user = ctx.store.getUser(directoryId, userName);
    return user ? ok(publicUser(user)) : problem(404, `User ${userName} does not exist in ${directoryId}`);
  }
  if (method === "POST" && !userName) {
    const entries = (Array.isArray(body.Users) ? body.Users : [body]) as Json[];
    const created: DirectoryUserRecord[] = [];
    for (const entry of entries) {
      const name = String(entry.UserName ?? "");
      if (!USER_NAME.test(name)) return problem(400, `UserName "${name}" must be 1-63 characters of letters, digits, '.', '_' or '-'`);
      if (ctx.store.getUser(directoryId, name)) return problem(409, `User ${name} already exists in ${directoryId}`);
      const weak = entry.Password === undefined ? undefined : passwordProblem(String(entry.Password), name);
      if (weak) return problem(400, `User ${name}: ${weak}`);
    }
    for (const entry of entries) {
      const user: DirectoryUserRecord = {
        DirectoryId: directoryId,
        UserName: String(entry.UserName),
        ...(entry.GivenName ? { GivenName: String(entry.GivenName) } : {}),
        ...(entry.Surname ? { Surname: String(entry.Surname) } : {}),
        ...(entry.EmailAddress ? { EmailAddress: String(entry.EmailAddress) } : {}),
        ...(entry.Password !== undefined ? { passwordHash: hashPassword(String(entry.Password)), passwordLastSetAt: ctx.now() } : {}),
        ...(entry.Disabled === true ? { disabled: true } : {}),
        createdAt: ctx.now(),
      };
      ctx.store.putUser(user);
      created.push(user);
    }
    runtime.commit();
    return { status: 201, body: { DirectoryId: directoryId, Users: created.map(publicUser) } };
  }
  if (method === "DELETE" && userName) {
    const user = ctx.store.getUser(directoryId, userName);
    if (!user) return problem(404, `User ${userName} does not exist in ${directoryId}`);
    ctx.store.users.delete(userKey(directoryId, userName));
    ctx.store.touch("users", userKey(directoryId, userName));
    runtime.commit();
    return ok({ deleted: user.UserName });
  }
  return problem(405, `${method} is not supported here`);
}

/** A user without its password hash. */
function publicUser({ passwordHash, previousPasswordHash: _previous, ...user }: DirectoryUserRecord) {
  return { ...user, hasPassword: passwordHash !== undefined };
}

/** Checks a directory user's password as a sign-in would (enabled account, the password last set). */
function authenticate(runtime: EmulatorRuntime, directoryId: string, body: Json): ControlAnswer {
  const dir = liveDirectory(runtime.ctx, directoryId);
  if (!dir) return problem(404, `Directory ${directoryId} does not exist`);
  const user = runtime.ctx.store.getUser(directoryId, String(body.UserName ?? ""));
  const valid = user !== undefined && !user.disabled && verifyPassword(String(body.Password ?? ""), user.passwordHash);
  return ok({ authenticated: valid });
}

function addVpc(runtime: EmulatorRuntime, body: Json): ControlAnswer {
  const cidr = String(body.CidrBlock ?? "");
  parseCidr(cidr);
  const vpcId = body.VpcId ? String(body.VpcId) : newVpcId();
  if (!/^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/.test(vpcId)) return problem(400, "VpcId must look like vpc-0123456789abcdef0");
  if (runtime.ctx.store.vpcs.has(vpcId)) return problem(409, `VPC ${vpcId} exists`);
  addEc2Vpc(runtime.ctx, { cidr }, { vpcId });
  runtime.commit();
  return { status: 201, body: { VpcId: vpcId, CidrBlock: cidr } };
}

function addSubnet(runtime: EmulatorRuntime, body: Json): ControlAnswer {
  const vpcId = String(body.VpcId ?? "");
  if (!runtime.ctx.store.vpcs.has(vpcId)) return problem(404, `VPC ${vpcId} does not exist`);
  const cidr = String(body.CidrBlock ?? "");
  parseCidr(cidr);
  const az = String(body.AvailabilityZone ?? "");
  if (!/^[a-z]{2}-[a-z]+-\d[a-z]$/.test(az)) return problem(400, "AvailabilityZone must look like us-east-1a");
  const subnetId = body.SubnetId ? String(body.SubnetId) : newSubnetId();
  if (!/^subnet-([0-9a-f]{8}|[0-9a-f]{17})$/.test(subnetId)) return problem(400, "SubnetId must look like subnet-0123456789abcdef0");
  const subnet = { SubnetId: subnetId, VpcId: vpcId, AvailabilityZone: az, CidrBlock: cidr, tags: [], seq: runtime.ctx.store.nextSeq() };
  runtime.ctx.store.put("subnets", subnetId, subnet);
  runtime.commit();
  return { status: 201, body: subnet };
}

/** States AWS itself puts desktops in (health checks, maintenance); the API cannot. */
const FORCEABLE_STATES = new Set(["AVAILABLE", "IMPAIRED", "UNHEALTHY", "MAINTENANCE", "ERROR", "STOPPED", "SUSPENDED"]);

function forceState(runtime: EmulatorRuntime, workspaceId: string, body: Json): ControlAnswer {
  const { ctx } = runtime;
  const ws = liveWorkspace(ctx, workspaceId);
  if (!ws || ws.state === "TERMINATED") return problem(404, `WorkSpace ${workspaceId} does not exist`);
  const state = String(body.State ?? "");
  if (!FORCEABLE_STATES.has(state)) return problem(400, `State must be one of ${[...FORCEABLE_STATES].join(", ")}`);
  const seconds = body.DurationSeconds === undefined ? undefined : Number(body.DurationSeconds);
  if (seconds !== undefined && !(seconds > 0)) return problem(400, "DurationSeconds must be a number > 0");
  const now = ctx.now();
  ws.modification = undefined;
  enterState(ws, state, now, ctx);
  if (state === "ERROR") {
    ws.ErrorCode = String(body.ErrorCode ?? "InternalError");
    ws.ErrorMessage = String(body.ErrorMessage ?? "The WorkSpace is in an error state (set through the emulator).");
  }
  // Optionally the condition clears by itself, as AWS maintenance or a recovered health check would.
  if (seconds !== undefined) ws.next = { state: "AVAILABLE", at: now + seconds * 1000 };
  ctx.store.touch("workspaces", ws.WorkspaceId);
  runtime.commit();
  return ok({ WorkspaceId: ws.WorkspaceId, State: ws.state, until: seconds !== undefined ? new Date(ws.next!.at).toISOString() : null });
}

function describeSessions(runtime: EmulatorRuntime, workspaceId: string, url: URL): ControlAnswer {
  const { ctx } = runtime;
  const ws = liveWorkspace(ctx, workspaceId);
  if (!ws) return problem(404, `WorkSpace ${workspaceId} does not exist`);
  const from = url.searchParams.get("from") ? Date.parse(url.searchParams.get("from")!) : ctx.now();
  const days = Math.min(31, Math.max(1, Number(url.searchParams.get("days") ?? 7)));
  if (!Number.isFinite(from)) return problem(400, "from must be an ISO date");
  const firstDay = Math.floor(from / DAY);
  const intervals = [];
  for (let d = firstDay; d < firstDay + days; d++) {
    for (const s of sessionsOnDay(ws.WorkspaceId, d, ctx.config.sessionSeed)) {
      intervals.push({ start: new Date(s.start).toISOString(), end: new Date(s.end).toISOString(), startMs: s.start, endMs: s.end });
    }
  }
  return ok({
    WorkspaceId: ws.WorkspaceId,
    sessionsEnabled: ctx.config.sessions,
    profile: userProfile(ws.WorkspaceId, ctx.config.sessionSeed),
    state: ws.state,
    connected: ws.connected,
    lastConnectedAt: ws.lastConnectedAt !== undefined ? new Date(ws.lastConnectedAt).toISOString() : null,
    sessions: intervals,
  });
}
