import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, existsSync, writeFileSync, lstatSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, isAbsolute } from 'node:path';
import { PathError, resolveInside } from './safe-path.ts';

/**
 * Writes a run's outputs into a temporary sibling folder and renames it into place only when
 * everything succeeded, so a failed run leaves no half report. All writes go through
 * `write`, which refuses any path outside the folder.
 */
export class OutputFolder {
  readonly tmp: string;
  private committed = false;
  /** The outermost parent folder this run created (removed again if the run fails). */
  private readonly createdParent?: string;
  private readonly parent: string;
  private onSignal?: (signal: NodeJS.Signals) => void;

  constructor(readonly target: string) {
    assertReplaceable(target);
    const parent = dirname(resolve(target));
    this.parent = parent;
    try {
      this.createdParent = mkdirSync(parent, { recursive: true });
      this.tmp = mkdtempSync(join(parent, `.${basename(resolve(target))}.tmp-`));
      chmodSync(this.tmp, 0o755);
      // Ctrl-C or a kill: remove the unfinished folder, then let the signal end the process as usual
      this.onSignal = (signal: NodeJS.Signals) => {
        this.discard();
        process.kill(process.pid, signal);
      };
      for (const signal of SIGNALS) process.once(signal, this.onSignal);
    } catch (e) {
      throw new PathError(`cannot create the output folder ${JSON.stringify(target)}: ${(e as NodeJS.ErrnoException).code ?? ''} ${(e as Error).message.replace(/^\w+: /, '')}`.replace(/\s+/g, ' '), target);
    }
  }

  /** Writes a file at a path relative to the output folder. */
  write(relative: string, content: string | Uint8Array): string {
    const path = resolveInside(this.tmp, relative);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    return path;
  }

  private stopListening(): void {
    if (this.onSignal) for (const signal of SIGNALS) process.off(signal, this.onSignal);
    this.onSignal = undefined;
  }

  commit(): void {
    const target = resolve(this.target);
    let trash: string | undefined;
    if (existsSync(target)) {
      trash = `${this.tmp}.old`;
      renameSync(target, trash);
    }
    renameSync(this.tmp, target);
    this.committed = true;
    this.stopListening();
    if (trash) rmSync(trash, { recursive: true, force: true });
  }

  discard(): void {
    this.stopListening();
    if (this.committed) return;
    rmSync(this.tmp, { recursive: true, force: true });
    // folders made only for this run (e.g. reports/ for the default output) go too, if still empty
    if (!this.createdParent) return;
    for (let dir = this.parent; dir.length >= this.createdParent.length; dir = dirname(dir)) {
      try {
        rmdirSync(dir);
      } catch {
        return;
      }
    }
  }
}

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Refuses an output path whose replacement would destroy what the run did not write: an existing
 * file, a folder that is neither empty nor an earlier report (a `run.lock.json` written by alliance),
 * a symbolic link, and the current folder or one that contains it (`--out .`, `--out ""`). An
 * earlier report folder is replaced as a whole when the new one is complete.
 */
export function assertReplaceable(target: string): void {
  const abs = resolve(target);
  const inside = relative(abs, process.cwd());
  if (inside === '' || (!inside.startsWith('..') && !isAbsolute(inside))) {
    throw new PathError(`output folder ${JSON.stringify(target)} is the current folder or contains it; choose a new folder for the report (e.g. reports/<name>)`, target);
  }
  if (!existsSync(abs)) return;
  const stat = lstatSync(abs);
  if (stat.isSymbolicLink()) {
    throw new PathError(`output folder ${JSON.stringify(target)} is a symbolic link; refusing to write through it (give the real folder, or remove the link)`, target);
  }
  if (!stat.isDirectory()) {
    throw new PathError(`output folder ${JSON.stringify(target)} is an existing file; refusing to replace it (give a folder name)`, target);
  }
  if (readdirSync(abs).length === 0 || isReport(abs)) return;
  throw new PathError(
    `output folder ${JSON.stringify(target)} already exists and is not an alliance report (it has no run.lock.json written by alliance); refusing to replace it and its files: choose a new folder, or empty it yourself`,
    target,
  );
}

/** Whether a folder holds a run.lock.json written by alliance (an earlier report). */
function isReport(dir: string): boolean {
  try {
    const lock = JSON.parse(readFileSync(join(dir, 'run.lock.json'), 'utf8')) as unknown;
    return typeof lock === 'object' && lock !== null && 'alliance' in lock && 'pipeline' in lock;
  } catch {
    return false;
  }
}
