// A log file that rotates by size, as lumberjack (kube-apiserver's --audit-log-* writer) does: a
// write that would take the file past its limit first moves it aside as
// `<name>-2006-01-02T15-04-05.000<ext>` (UTC, the rotation time) and starts a new one; then backups
// beyond maxBackups, or older than maxAge days by their name, are removed. Writes are queued and
// written in order off the request path; close() writes what is queued.
import { mkdirSync, closeSync, openSync } from 'node:fs';
import { open, readdir, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';

export interface RotationOptions {
  /** Rotate before the file would exceed this many bytes (lumberjack's default: 100 MB). */
  maxBytes?: number;
  /** Remove backups whose name is older than this many days (0: never). */
  maxAgeDays?: number;
  /** Keep at most this many backups (0: all). */
  maxBackups?: number;
  /** Real time for backup names and ages. */
  now?: () => Date;
  /** A write that failed (it is dropped; the next write tries again). */
  onError?: (err: Error) => void;
}

const DEFAULT_MAX_BYTES = 100 * 1024 * 1024;
const BACKUP_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})-(\d{2})\.(\d{3})$/;

export class RotatingFile {
  private readonly maxBytes: number;
  private readonly now: () => Date;
  private queue: Buffer[] = [];
  private draining?: Promise<void>;
  private file?: FileHandle;
  private size = 0;
  private closed = false;

  constructor(
    readonly path: string,
    private readonly opts: RotationOptions = {},
  ) {
    this.maxBytes = opts.maxBytes || DEFAULT_MAX_BYTES;
    this.now = opts.now ?? (() => new Date());
    // As kube-apiserver's ensureLogFile: the directory and a 0600 file exist before the first event,
    // so a path that cannot be written fails at start-up.
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    closeSync(openSync(path, 'a', 0o600));
  }

  /** Queue one record (a whole line: it is never split across files). */
  write(record: string): void {
    if (this.closed) return;
    this.queue.push(Buffer.from(record));
    this.draining ??= this.drain();
  }

  /** Write everything queued, then close the file. */
  async close(): Promise<void> {
    this.closed = true;
    await this.draining;
    await this.file?.close();
    this.file = undefined;
  }

  private async drain(): Promise<void> {
    while (this.queue.length) {
      const batch = this.queue;
      this.queue = [];
      try {
        await this.writeBatch(batch);
      } catch (err) {
        this.opts.onError?.(err as Error);
        await this.file?.close().catch(() => undefined);
        this.file = undefined;
      }
    }
    this.draining = undefined;
  }

  /** Consecutive records that fit go out in one write; one that does not fit rotates first. */
  private async writeBatch(records: Buffer[]): Promise<void> {
    let chunk: Buffer[] = [];
    let chunkBytes = 0;
    const flush = async () => {
      if (!chunk.length) return;
      const buf = Buffer.concat(chunk);
      await this.file!.write(buf);
      this.size += buf.length;
      chunk = [];
      chunkBytes = 0;
    };
    for (const r of records) {
      if (r.length > this.maxBytes) {
        this.opts.onError?.(new Error(`write length ${r.length} exceeds maximum file size ${this.maxBytes}`));
        continue;
      }
      if (!this.file) await this.openExistingOrNew(r.length);
      if (this.size + chunkBytes + r.length > this.maxBytes) {
        await flush();
        await this.rotate();
      }
      chunk.push(r);
      chunkBytes += r.length;
    }
    await flush();
  }

  private async openExistingOrNew(writeLen: number): Promise<void> {
    const info = await stat(this.path).catch(() => undefined);
    if (info && info.size + writeLen < this.maxBytes) {
      this.file = await open(this.path, 'a');
      this.size = info.size;
      return;
    }
    if (info) return this.rotate();
    await this.openNew();
  }

  private async rotate(): Promise<void> {
    await this.file?.close();
    this.file = undefined;
    await this.openNew();
    await this.removeOldBackups();
  }

  /** Move the current file aside (if any) and start an empty one with the same mode. */
  private async openNew(): Promise<void> {
    let mode = 0o600;
    const info = await stat(this.path).catch(() => undefined);
    if (info) {
      mode = info.mode & 0o777;
      await rename(this.path, await this.freeBackupName());
    }
    this.file = await open(this.path, 'w', mode);
    this.size = 0;
  }

  /**
   * The backup name for now. Unlike lumberjack, which would overwrite a backup made in the same
   * millisecond, a name is always later than every existing backup's (a millisecond on if need be):
   * rotation never loses records and the newest backup always sorts newest.
   */
  private async freeBackupName(): Promise<string> {
    const newest = (await listBackups(this.path))[0]?.time ?? -Infinity;
    return backupName(this.path, new Date(Math.max(this.now().getTime(), newest + 1)));
  }

  private async removeOldBackups(): Promise<void> {
    const { maxBackups = 0, maxAgeDays = 0 } = this.opts;
    if (!maxBackups && !maxAgeDays) return;
    const backups = await listBackups(this.path);
    const remove = maxBackups > 0 ? backups.slice(maxBackups) : [];
    const kept = maxBackups > 0 ? backups.slice(0, maxBackups) : backups;
    if (maxAgeDays > 0) {
      const cutoff = this.now().getTime() - maxAgeDays * 24 * 3600_000;
      remove.push(...kept.filter((b) => b.time < cutoff));
    }
    for (const b of remove) await unlink(join(dirname(this.path), b.name)).catch(() => undefined);
  }
}

/** `dir/audit.log` rotated at `t` → `dir/audit-2026-12-07T14-20-00.000.log`. */
export function backupName(path: string, t: Date): string {
  const ext = extname(path);
  const prefix = basename(path, ext);
  const stamp = t.toISOString().slice(0, 23).replace(/:/g, '-');
  return join(dirname(path), `${prefix}-${stamp}${ext}`);
}

/** The backups of `path` in its directory, newest first (by the time in their names). */
export async function listBackups(path: string): Promise<{ name: string; time: number }[]> {
  const ext = extname(path);
  const prefix = basename(path, ext) + '-';
  const out: { name: string; time: number }[] = [];
  for (const name of await readdir(dirname(path))) {
    if (!name.startsWith(prefix) || !name.endsWith(ext)) continue;
    const m = BACKUP_TIME.exec(name.slice(prefix.length, name.length - ext.length));
    if (!m) continue;
    const [, y, mo, d, h, mi, s, ms] = m.map(Number) as number[];
    out.push({ name, time: Date.UTC(y!, mo! - 1, d!, h!, mi!, s!, ms!) });
  }
  return out.sort((a, b) => b.time - a.time);
}
