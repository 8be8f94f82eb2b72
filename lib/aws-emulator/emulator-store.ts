/**
 * All emulated resources, held in memory with the indexes the API needs (creation order for paging,
 * one desktop per user and directory, addresses in use), plus a record of what changed during the
 * current request so persistence can journal exactly that.
 */
import type {
  BundleRecord,
  DirectoryGroupRecord,
  DirectoryRecord,
  DirectoryUserRecord,
  EmulatorMeta,
  ImageRecord,
  InternetGatewayRecord,
  IpGroupRecord,
  KmsKeyRecord,
  RouteTableRecord,
  SecurityGroupRecord,
  SubnetRecord,
  VpcRecord,
  WorkspaceRecord,
} from "./records";

export type CollectionName =
  | "workspaces"
  | "directories"
  | "users"
  | "groups"
  | "images"
  | "bundles"
  | "vpcs"
  | "subnets"
  | "internetGateways"
  | "routeTables"
  | "securityGroups"
  | "ipGroups"
  | "kmsKeys"
  | "meta";

type PlainCollection =
  | "directories"
  | "groups"
  | "images"
  | "bundles"
  | "vpcs"
  | "subnets"
  | "internetGateways"
  | "routeTables"
  | "securityGroups"
  | "ipGroups"
  | "kmsKeys";
const ALL_COLLECTIONS = [
  "workspaces",
  "directories",
  "users",
  "groups",
  "images",
  "bundles",
  "vpcs",
  "subnets",
  "internetGateways",
  "routeTables",
  "securityGroups",
  "ipGroups",
  "kmsKeys",
] as const;

/** One journaled change: the new value of a record, or null when it was removed. */
export type Change = [collection: CollectionName, key: string, value: unknown];

export interface Snapshot {
  version: 1;
  journalSeq: number;
  meta: EmulatorMeta;
  workspaces: WorkspaceRecord[];
  directories: DirectoryRecord[];
  users: DirectoryUserRecord[];
  /** Absent in snapshots written before the directories answered LDAP. */
  groups?: DirectoryGroupRecord[];
  images: ImageRecord[];
  bundles: BundleRecord[];
  vpcs: VpcRecord[];
  subnets: SubnetRecord[];
  /** Absent in snapshots written before the EC2 subset existed. */
  internetGateways?: InternetGatewayRecord[];
  routeTables?: RouteTableRecord[];
  securityGroups?: SecurityGroupRecord[];
  ipGroups?: IpGroupRecord[];
  kmsKeys?: KmsKeyRecord[];
}

export const userKey = (directoryId: string, userName: string) => `${directoryId}/${userName.toLowerCase()}`;
const ownerKey = (directoryId: string, userName: string) => `${directoryId}|${userName.toLowerCase()}`;

export function emptyMeta(): EmulatorMeta {
  return { nextSeq: 1, clockOffsetMs: 0, ipCursor: {} };
}

export class EmulatorStore {
  readonly workspaces = new Map<string, WorkspaceRecord>();
  readonly directories = new Map<string, DirectoryRecord>();
  readonly users = new Map<string, DirectoryUserRecord>();
  /** Keyed like users: directory id / lower-case group name. */
  readonly groups = new Map<string, DirectoryGroupRecord>();
  readonly images = new Map<string, ImageRecord>();
  readonly bundles = new Map<string, BundleRecord>();
  readonly vpcs = new Map<string, VpcRecord>();
  readonly subnets = new Map<string, SubnetRecord>();
  readonly internetGateways = new Map<string, InternetGatewayRecord>();
  readonly routeTables = new Map<string, RouteTableRecord>();
  readonly securityGroups = new Map<string, SecurityGroupRecord>();
  readonly ipGroups = new Map<string, IpGroupRecord>();
  readonly kmsKeys = new Map<string, KmsKeyRecord>();
  meta: EmulatorMeta = emptyMeta();

  // Creation-ordered ids; removed desktops leave holes that iteration skips and compaction drops.
  private orderIds: string[] = [];
  private orderSeqs: number[] = [];
  private holes = 0;
  private readonly owners = new Map<string, string>();
  private readonly usedIps = new Set<string>();
  /** Desktops in TERMINATING/TERMINATED: swept before counting the account's desktops. */
  readonly terminating = new Set<string>();

  private readonly changed = new Map<string, [CollectionName, string]>();

  // ---- change tracking -------------------------------------------------------------------------

  /** Counts changes, so derived views (the LDAP entries) know when to rebuild. */
  revision = 0;

  touch(collection: CollectionName, key: string): void {
    this.revision++;
    this.changed.set(`${collection}\u0000${key}`, [collection, key]);
  }

  hasChanges(): boolean {
    return this.changed.size > 0;
  }

  /** The changes of the current request, with the records' current values, and forget them. */
  takeChanges(): Change[] {
    const out: Change[] = [];
    for (const [collection, key] of this.changed.values()) out.push([collection, key, this.currentValue(collection, key)]);
    this.changed.clear();
    return out;
  }

  discardChanges(): void {
    this.changed.clear();
  }

  private currentValue(collection: CollectionName, key: string): unknown {
    if (collection === "meta") return this.meta;
    return this.collection(collection).get(key) ?? null;
  }

  private collection(name: Exclude<CollectionName, "meta">): Map<string, unknown> {
    return this[name] as Map<string, unknown>;
  }

  // ---- workspaces and their indexes ------------------------------------------------------------

  nextSeq(): number {
    const seq = this.meta.nextSeq++;
    this.touch("meta", "meta");
    return seq;
  }

  addWorkspace(ws: WorkspaceRecord): void {
    this.workspaces.set(ws.WorkspaceId, ws);
    this.orderIds.push(ws.WorkspaceId);
    this.orderSeqs.push(ws.seq);
    this.owners.set(ownerKey(ws.DirectoryId, ws.UserName), ws.WorkspaceId);
    this.usedIps.add(ws.IpAddress);
    this.touch("workspaces", ws.WorkspaceId);
  }

  /** Drop a desktop from memory and indexes; `journal` is false when the removal is re-derivable. */
  removeWorkspace(id: string, journal: boolean): void {
    const ws = this.workspaces.get(id);
    if (!ws) return;
    this.workspaces.delete(id);
    this.terminating.delete(id);
    const key = ownerKey(ws.DirectoryId, ws.UserName);
    if (this.owners.get(key) === id) this.owners.delete(key);
    this.usedIps.delete(ws.IpAddress);
    this.holes++;
    if (journal) this.touch("workspaces", id);
    if (this.holes > 1000 && this.holes > this.orderIds.length / 2) this.compactOrder();
  }

  /** The desktop id a user holds in a directory (live or not: callers settle it). */
  workspaceOwnedBy(directoryId: string, userName: string): string | undefined {
    return this.owners.get(ownerKey(directoryId, userName));
  }

  releaseOwnership(ws: WorkspaceRecord): void {
    const key = ownerKey(ws.DirectoryId, ws.UserName);
    if (this.owners.get(key) === ws.WorkspaceId) this.owners.delete(key);
  }

  /** Mark an address taken by something other than a desktop (directory controllers). */
  reserveIp(ip: string): void {
    this.usedIps.add(ip);
  }

  isIpUsed(ip: string): boolean {
    return this.usedIps.has(ip);
  }

  changeIp(ws: WorkspaceRecord, ip: string): void {
    this.usedIps.delete(ws.IpAddress);
    ws.IpAddress = ip;
    this.usedIps.add(ip);
  }

  /** Ids in creation order starting after `afterSeq` (binary search, so a page costs O(log n + page)). */
  *workspaceIdsAfter(afterSeq: number): Generator<string> {
    // Local references: a compaction during iteration replaces the arrays, not these.
    const ids = this.orderIds;
    const seqs = this.orderSeqs;
    let lo = 0;
    let hi = seqs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (seqs[mid] <= afterSeq) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < ids.length; i++) {
      if (this.workspaces.has(ids[i])) yield ids[i];
    }
  }

  private compactOrder(): void {
    const ids: string[] = [];
    const seqs: number[] = [];
    for (let i = 0; i < this.orderIds.length; i++) {
      if (this.workspaces.has(this.orderIds[i])) {
        ids.push(this.orderIds[i]);
        seqs.push(this.orderSeqs[i]);
      }
    }
    this.orderIds = ids;
    this.orderSeqs = seqs;
    this.holes = 0;
  }

  // ---- users -----------------------------------------------------------------------------------

  getUser(directoryId: string, userName: string): DirectoryUserRecord | undefined {
    return this.users.get(userKey(directoryId, userName));
  }

  putUser(user: DirectoryUserRecord): void {
    const key = userKey(user.DirectoryId, user.UserName);
    this.users.set(key, user);
    this.touch("users", key);
  }

  usersOf(directoryId: string): DirectoryUserRecord[] {
    const prefix = `${directoryId}/`;
    const out: DirectoryUserRecord[] = [];
    for (const [key, user] of this.users) if (key.startsWith(prefix)) out.push(user);
    return out;
  }

  removeUsersOf(directoryId: string): void {
    const prefix = `${directoryId}/`;
    for (const name of ["users", "groups"] as const) {
      for (const key of [...this[name].keys()]) {
        if (key.startsWith(prefix)) {
          this[name].delete(key);
          this.touch(name, key);
        }
      }
    }
  }

  groupsOf(directoryId: string): DirectoryGroupRecord[] {
    const prefix = `${directoryId}/`;
    return [...this.groups].filter(([key]) => key.startsWith(prefix)).map(([, group]) => group);
  }

  // ---- generic put/delete for the other collections --------------------------------------------

  put<C extends PlainCollection>(
    collection: C,
    key: string,
    value: EmulatorStore[C] extends Map<string, infer V> ? V : never,
  ): void {
    (this.collection(collection) as Map<string, unknown>).set(key, value);
    this.touch(collection, key);
  }

  delete(collection: PlainCollection, key: string): void {
    this.collection(collection).delete(key);
    this.touch(collection, key);
  }

  // ---- snapshot and replay ---------------------------------------------------------------------

  clear(): void {
    for (const name of ALL_COLLECTIONS) {
      for (const key of this.collection(name).keys()) this.touch(name, key);
      this.collection(name).clear();
    }
    this.meta = { ...emptyMeta(), clockOffsetMs: this.meta.clockOffsetMs };
    this.touch("meta", "meta");
    this.rebuildIndexes();
  }

  toSnapshot(journalSeq: number): Snapshot {
    return {
      version: 1,
      journalSeq,
      meta: this.meta,
      workspaces: [...this.workspaces.values()].sort((a, b) => a.seq - b.seq),
      directories: [...this.directories.values()],
      users: [...this.users.values()],
      groups: [...this.groups.values()],
      images: [...this.images.values()],
      bundles: [...this.bundles.values()],
      vpcs: [...this.vpcs.values()],
      subnets: [...this.subnets.values()],
      internetGateways: [...this.internetGateways.values()],
      routeTables: [...this.routeTables.values()],
      securityGroups: [...this.securityGroups.values()],
      ipGroups: [...this.ipGroups.values()],
      kmsKeys: [...this.kmsKeys.values()],
    };
  }

  loadSnapshot(snapshot: Snapshot): void {
    this.meta = { ...emptyMeta(), ...snapshot.meta };
    this.workspaces.clear();
    for (const ws of snapshot.workspaces) this.workspaces.set(ws.WorkspaceId, ws);
    this.directories.clear();
    for (const d of snapshot.directories) this.directories.set(d.DirectoryId, d);
    this.users.clear();
    for (const u of snapshot.users) this.users.set(userKey(u.DirectoryId, u.UserName), u);
    this.groups.clear();
    for (const g of snapshot.groups ?? []) this.groups.set(userKey(g.DirectoryId, g.Name), g);
    this.images.clear();
    for (const i of snapshot.images) this.images.set(i.ImageId, i);
    this.bundles.clear();
    for (const b of snapshot.bundles) this.bundles.set(b.BundleId, b);
    this.vpcs.clear();
    for (const v of snapshot.vpcs) this.vpcs.set(v.VpcId, v);
    this.subnets.clear();
    for (const s of snapshot.subnets) this.subnets.set(s.SubnetId, s);
    this.internetGateways.clear();
    for (const g of snapshot.internetGateways ?? []) this.internetGateways.set(g.InternetGatewayId, g);
    this.routeTables.clear();
    for (const r of snapshot.routeTables ?? []) this.routeTables.set(r.RouteTableId, r);
    this.securityGroups.clear();
    for (const g of snapshot.securityGroups ?? []) this.securityGroups.set(g.GroupId, g);
    this.ipGroups.clear();
    for (const g of snapshot.ipGroups ?? []) this.ipGroups.set(g.GroupId, g);
    this.kmsKeys.clear();
    for (const k of snapshot.kmsKeys ?? []) this.kmsKeys.set(k.KeyId, k);
  }

  /** Replay one journaled change (indexes are rebuilt once after the whole journal). */
  applyChange([collection, key, value]: Change): void {
    if (collection === "meta") {
      this.meta = { ...emptyMeta(), ...(value as EmulatorMeta) };
      return;
    }
    const map = this.collection(collection);
    if (value === null) map.delete(key);
    else map.set(key, value);
  }

  rebuildIndexes(): void {
    const ordered = [...this.workspaces.values()].sort((a, b) => a.seq - b.seq);
    this.orderIds = ordered.map((w) => w.WorkspaceId);
    this.orderSeqs = ordered.map((w) => w.seq);
    this.holes = 0;
    this.owners.clear();
    this.usedIps.clear();
    this.terminating.clear();
    for (const dir of this.directories.values()) {
      for (const ip of [...dir.DnsIpAddrs, ...(dir.ConnectIps ?? [])]) this.usedIps.add(ip);
    }
    for (const ws of ordered) {
      this.usedIps.add(ws.IpAddress);
      if (ws.state === "TERMINATING" || ws.state === "TERMINATED") this.terminating.add(ws.WorkspaceId);
      if (ws.state !== "TERMINATED") this.owners.set(ownerKey(ws.DirectoryId, ws.UserName), ws.WorkspaceId);
    }
  }
}
