import { chmodSync, mkdirSync, mkdtempSync, renameSync, rmdirSync, rmSync, existsSync, writeFileSync, lstatSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
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

  constructor(readonly target: string) {
    const parent = dirname(resolve(target));
    this.parent = parent;
    this.createdParent = mkdirSync(parent, { recursive: true });
    if (existsSync(target) && lstatSync(target).isSymbolicLink()) {
      throw new PathError(`output folder ${target} is a symbolic link; refusing to write through it (give the real folder, or remove the link)`, target);
    }
    this.tmp = mkdtempSync(join(parent, `.${basename(target)}.tmp-`));
    chmodSync(this.tmp, 0o755);
  }

  /** Writes a file at a path relative to the output folder. */
  write(relative: string, content: string | Uint8Array): string {
    const path = resolveInside(this.tmp, relative);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    return path;
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
    if (trash) rmSync(trash, { recursive: true, force: true });
  }

  discard(): void {
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
