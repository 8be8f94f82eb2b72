/**
 * Durable state under the data directory: a snapshot plus an append-only journal.
 *
 * Every mutating request appends one journal line (its changed records) and fsyncs it BEFORE the
 * response is sent, so a SIGKILL between two calls loses nothing the caller was told about. A full
 * snapshot (write temp, fsync, rename, fsync dir) is taken when the journal grows, then the journal
 * is truncated; journal lines carry a sequence number so a crash between those two steps is harmless.
 * Full snapshots of 10,000 desktops take ~60 ms, far too slow per call at 10 calls/s; a journal line
 * costs well under a millisecond.
 */
import fs from "node:fs";
import path from "node:path";
import type { Change, EmulatorStore, Snapshot } from "./emulator-store";

export interface Persistence {
  /** Fill the store from disk (no-op in memory-only mode). */
  load(store: EmulatorStore): void;
  /** Make the current request's changes durable. */
  commit(store: EmulatorStore): void;
  /** Write a full snapshot now (after reset, on close). */
  snapshot(store: EmulatorStore): void;
  close(): void;
}

export class MemoryPersistence implements Persistence {
  load(): void {}
  commit(store: EmulatorStore): void {
    store.discardChanges();
  }
  snapshot(store: EmulatorStore): void {
    store.discardChanges();
  }
  close(): void {}
}

interface JournalLine {
  s: number;
  c: Change[];
}

export interface FilePersistenceOptions {
  /** Take a snapshot after this many journal entries ... */
  snapshotEveryEntries?: number;
  /** ... or this many journal bytes, whichever comes first. */
  snapshotEveryBytes?: number;
}

/** Data directories owned by emulators of this process. */
const LOCKED_DIRS = new Set<string>();

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export class FilePersistence implements Persistence {
  private readonly snapshotPath: string;
  private readonly journalPath: string;
  private journalFd: number | undefined;
  private journalSeq = 0;
  private journalEntries = 0;
  private journalBytes = 0;
  private readonly everyEntries: number;
  private readonly everyBytes: number;

  constructor(
    private readonly dir: string,
    options: FilePersistenceOptions = {},
  ) {
    this.snapshotPath = path.join(dir, "snapshot.json");
    this.journalPath = path.join(dir, "journal.ndjson");
    this.everyEntries = options.snapshotEveryEntries ?? 5000;
    this.everyBytes = options.snapshotEveryBytes ?? 16 * 1024 * 1024;
  }

  load(store: EmulatorStore): void {
    fs.mkdirSync(this.dir, { recursive: true });
    this.lock();
    let snapshotSeq = 0;
    if (fs.existsSync(this.snapshotPath)) {
      const snapshot = JSON.parse(fs.readFileSync(this.snapshotPath, "utf8")) as Snapshot;
      store.loadSnapshot(snapshot);
      snapshotSeq = snapshot.journalSeq;
    }
    this.journalSeq = snapshotSeq;
    if (fs.existsSync(this.journalPath)) {
      const text = fs.readFileSync(this.journalPath, "utf8");
      let offset = 0;
      while (offset < text.length) {
        const newline = text.indexOf("\n", offset);
        // A line without its newline, or one that does not parse, is a torn final append: the
        // process died while writing it, so that request was never answered.
        if (newline === -1) break;
        let entry: JournalLine;
        try {
          entry = JSON.parse(text.slice(offset, newline)) as JournalLine;
        } catch {
          break;
        }
        offset = newline + 1;
        if (entry.s <= snapshotSeq) continue;
        for (const change of entry.c) store.applyChange(change);
        this.journalSeq = entry.s;
        this.journalEntries++;
      }
      const validBytes = Buffer.byteLength(text.slice(0, offset));
      // Cut a torn tail so the next append starts on a clean line.
      if (validBytes < fs.statSync(this.journalPath).size) fs.truncateSync(this.journalPath, validBytes);
      this.journalBytes = validBytes;
    }
    store.rebuildIndexes();
    store.discardChanges();
    this.journalFd = fs.openSync(this.journalPath, "a");
  }

  commit(store: EmulatorStore): void {
    if (!store.hasChanges()) return;
    const line: JournalLine = { s: this.journalSeq + 1, c: store.takeChanges() };
    const text = `${JSON.stringify(line)}\n`;
    const fd = this.requireFd();
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
    this.journalSeq = line.s;
    this.journalEntries++;
    this.journalBytes += Buffer.byteLength(text);
    if (this.journalEntries >= this.everyEntries || this.journalBytes >= this.everyBytes) this.snapshot(store);
  }

  snapshot(store: EmulatorStore): void {
    store.discardChanges();
    const text = JSON.stringify(store.toSnapshot(this.journalSeq));
    const tmp = `${this.snapshotPath}.tmp`;
    const fd = fs.openSync(tmp, "w");
    try {
      fs.writeSync(fd, text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, this.snapshotPath);
    this.fsyncDir();
    // Lines up to journalSeq are now in the snapshot; replay skips them even if truncation is lost.
    const journalFd = this.requireFd();
    fs.ftruncateSync(journalFd, 0);
    fs.fsyncSync(journalFd);
    this.journalEntries = 0;
    this.journalBytes = 0;
  }

  close(): void {
    if (this.journalFd !== undefined) {
      fs.closeSync(this.journalFd);
      this.journalFd = undefined;
    }
    if (LOCKED_DIRS.delete(path.resolve(this.dir))) fs.rmSync(this.lockPath, { force: true });
  }

  private get lockPath(): string {
    return path.join(this.dir, "emulator.lock");
  }

  /**
   * Two emulators appending to one journal would corrupt it, so a data directory has one owner:
   * a lock file with the owner's pid. A lock left by a dead process (e.g. after SIGKILL) is taken over.
   */
  private lock(): void {
    const resolved = path.resolve(this.dir);
    if (LOCKED_DIRS.has(resolved)) throw new Error(`data directory ${this.dir} is already used by an emulator in this process`);
    if (fs.existsSync(this.lockPath)) {
      const pid = Number(fs.readFileSync(this.lockPath, "utf8").trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && processAlive(pid)) {
        throw new Error(`data directory ${this.dir} is in use by another emulator (pid ${pid})`);
      }
    }
    fs.writeFileSync(this.lockPath, `${process.pid}\n`);
    LOCKED_DIRS.add(resolved);
  }

  private requireFd(): number {
    if (this.journalFd === undefined) this.journalFd = fs.openSync(this.journalPath, "a");
    return this.journalFd;
  }

  private fsyncDir(): void {
    try {
      const fd = fs.openSync(this.dir, "r");
      try {
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      // Some platforms cannot fsync a directory; the rename is still atomic.
    }
  }
}
