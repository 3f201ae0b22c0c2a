import { chmodSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, existsSync, writeFileSync, lstatSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, isAbsolute } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { PathError, resolveInside } from './safe-path.ts';

/**
 * Writes a run's outputs into a temporary sibling folder and renames it into place only when
 * everything succeeded, so a failed run leaves no half report. All writes go through
 * `write`, which refuses any path outside the folder.
 *
 * A run that is killed cannot clean up after itself: no signal handler runs while a model fit
 * keeps the main thread busy (so Ctrl-C would wait for the fit), and none runs at all on SIGKILL
 * or an abort. So the process installs no handler; instead a small janitor process (`sh`, in its
 * own process group so that Ctrl-C does not reach it) waits for this process's end of a pipe to
 * close, which happens however this process ends, and then removes what is left (see JANITOR).
 */
export class OutputFolder {
  readonly tmp: string;
  private committed = false;
  /** The outermost parent folder this run created (removed again if the run fails). */
  private readonly createdParent?: string;
  private readonly parent: string;
  private janitor?: ChildProcess;

  constructor(readonly target: string) {
    assertReplaceable(target);
    const parent = dirname(resolve(target));
    this.parent = parent;
    // The janitor starts before anything is created, so a kill at any moment leaves nothing behind;
    // it is told the names the run is about to create (the folder name is random, as mkdtemp's).
    this.tmp = join(parent, `.${basename(resolve(target))}.tmp-${randomBytes(6).toString('base64url')}`);
    this.janitor = startJanitor(this.tmp, resolve(target), parent, firstMissing(parent));
    try {
      this.createdParent = mkdirSync(parent, { recursive: true });
      mkdirSync(this.tmp, { mode: 0o700 }); // refuses an existing folder: the janitor may remove only what this run made
      chmodSync(this.tmp, 0o755);
    } catch (e) {
      // the janitor must not remove a folder this run did not make
      this.janitor?.kill('SIGKILL');
      this.janitor = undefined;
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

  /** The run ended here (committed or discarded): the janitor checks once more and exits. */
  private dismissJanitor(): void {
    this.janitor?.stdin?.end();
    this.janitor = undefined;
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
    this.dismissJanitor();
    if (trash) rmSync(trash, { recursive: true, force: true });
  }

  discard(): void {
    this.dismissJanitor();
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

/**
 * The janitor: when its standard input closes it removes the unfinished folder ($1), and the
 * emptied folders the run created ($3 up to $4); when the run died between moving an earlier
 * report aside ($1.old) and renaming the new one into place ($2), it puts the earlier report
 * back. After a commit or a discard nothing is left, and it does nothing. The paths are
 * arguments, never part of the script text.
 */
const JANITOR = `cat >/dev/null
rm -rf -- "$1"
if [ -e "$1.old" ]; then
  if [ -e "$2" ]; then rm -rf -- "$1.old"; else mv -- "$1.old" "$2"; fi
fi
if [ -n "$4" ]; then
  d="$3"
  while [ "\${#d}" -ge "\${#4}" ] && rmdir -- "$d" 2>/dev/null; do d=$(dirname -- "$d"); done
fi`;

/** The outermost missing folder on the way to `dir` (what `mkdirSync(dir, { recursive: true })` will create first), if any. */
function firstMissing(dir: string): string | undefined {
  let missing: string | undefined;
  for (let d = dir; !existsSync(d); d = dirname(d)) missing = d;
  return missing;
}

function startJanitor(tmp: string, target: string, parent: string, createdParent: string | undefined): ChildProcess | undefined {
  try {
    const child = spawn('/bin/sh', ['-c', JANITOR, 'alliance-janitor', tmp, target, parent, createdParent ?? ''], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
    child.on('error', () => {}); // no /bin/sh: runs still work, only a killed run leaves its folder
    child.stdin?.on('error', () => {});
    // neither the janitor nor its pipe keeps this process alive
    child.unref();
    (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    return child;
  } catch {
    return undefined;
  }
}

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
