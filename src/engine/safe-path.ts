/**
 * Path checks for pipeline specs that may come from strangers.
 *
 * - Outputs: `resolveInside(root, relative)` accepts only relative paths
 *   without `..` segments and refuses any path whose real location (after
 *   following the symbolic links that already exist) lies outside the real
 *   output folder.
 * - Inputs: `resolveInput(specDir, p)` resolves relative to the spec's folder;
 *   absolute paths are allowed, but the target must be an existing regular
 *   file (no folders, devices, FIFOs).
 * - `assertNotInput(output, inputs)` stops a spec from overwriting, or
 *   clearing a folder that holds, its own inputs (hard links included).
 *
 * These checks narrow but cannot close the window between check and use: a
 * process that can create symlinks inside the output folder while the
 * pipeline runs is outside this threat model.
 */
import { lstatSync, realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';

/** A path in a spec that is unsafe or does not name what it must. */
export class PathError extends Error {
  override name = 'PathError';
  /** The offending path exactly as it was given. */
  readonly value: string;
  constructor(message: string, value: string) {
    super(message);
    this.value = value;
  }
}

export interface PathContext {
  /** Where in the spec the path was written (e.g. `stages[2].output`), named in errors. */
  specPath?: string;
  /** What relative input paths are read from, named when a file is not found (default: the spec's folder). */
  base?: string;
}

const DRIVE = /^[A-Za-z]:/;
// Bidirectional overrides and isolates can make a path read differently from what it is.
const INVISIBLE = /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;

/**
 * The absolute path of `relative` inside `root`, guaranteed (at the time of
 * the call) to be inside `realpath(root)` once existing symlinks are followed.
 * Rejects empty paths, NUL and control characters, absolute paths (POSIX or
 * Windows, drive letters, UNC), ':' anywhere, any `..` segment (or other
 * segment of only dots and spaces), paths naming the root itself,
 * and symlinks (dangling ones included) that lead outside the root.
 * `root` need not exist yet. Backslashes count as separators.
 *
 * @example
 * resolveInside('/tmp/out', 'figures/alliance.svg'); // '/tmp/out/figures/alliance.svg'
 * resolveInside('/tmp/out', '../etc/passwd');        // throws PathError
 */
export function resolveInside(root: string, relative: string, context: PathContext = {}): string {
  const where = label(context);
  const shown = JSON.stringify(relative);
  if (typeof relative !== 'string' || relative.length === 0)
    throw new PathError(`output path${where} is empty; give a file name inside the output folder`, String(relative));
  if (INVISIBLE.test(relative))
    throw new PathError(`output path ${shown}${where} contains a NUL, control or bidirectional-override character`, relative);
  if (path.posix.isAbsolute(relative) || path.win32.isAbsolute(relative) || DRIVE.test(relative))
    throw new PathError(
      `output path ${shown}${where} is absolute; outputs must be written as paths relative to the output folder`,
      relative,
    );
  if (relative.includes(':'))
    throw new PathError(`output path ${shown}${where} contains ':'; output names must not name drives or alternate data streams`, relative);
  const segments = relative.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
  // Windows reads '...' and '.. ' as '..', so any segment of only dots and spaces is refused.
  if (segments.some((s) => /^[. ]+$/.test(s)))
    throw new PathError(`output path ${shown}${where} contains a '..' segment; outputs must stay inside the output folder`, relative);
  if (segments.length === 0)
    throw new PathError(`output path ${shown}${where} names the output folder itself; give a file name inside it`, relative);

  const absRoot = path.resolve(root);
  const target = path.join(absRoot, ...segments);
  const realRoot = realpathDeep(absRoot, relative, where);
  const realTarget = realpathDeep(target, relative, where);
  if (!isStrictlyInside(realRoot, realTarget))
    throw new PathError(
      `output path ${shown}${where} leads outside the output folder through a symbolic link (it resolves to ${realTarget})`,
      relative,
    );
  return target;
}

/**
 * Throws when writing `outputPath` would overwrite one of `inputPaths`: the
 * same real file, a hard link to it, or a folder that contains it.
 *
 * @example
 * assertNotInput('/tmp/out/scores.csv', ['/data/sessions.csv']); // ok
 * assertNotInput('/data/sessions.csv', ['/data/sessions.csv']);  // throws PathError
 */
export function assertNotInput(outputPath: string, inputPaths: Iterable<string>, context: PathContext = {}): void {
  const where = label(context);
  const realOut = realpathDeep(path.resolve(outputPath), outputPath, where);
  const outStat = statOrNull(realOut);
  for (const input of inputPaths) {
    const realIn = realpathDeep(path.resolve(input), input, where);
    const inStat = statOrNull(realIn);
    const sameFile = realIn === realOut || (outStat !== null && inStat !== null && outStat.dev === inStat.dev && outStat.ino === inStat.ino);
    if (sameFile)
      throw new PathError(`output ${JSON.stringify(outputPath)}${where} would overwrite the input file ${JSON.stringify(input)}`, outputPath);
    if (isStrictlyInside(realOut, realIn))
      throw new PathError(
        `output folder ${JSON.stringify(outputPath)}${where} contains the input file ${JSON.stringify(input)}; choose another output folder`,
        outputPath,
      );
  }
}

/**
 * For an input read from the spec's folder but not found there: when the same relative path names
 * a file in the current folder (`--param data=export.csv` typed next to the file), the path that
 * reaches it from the spec's folder.
 */
function cwdHint(specDir: string, p: string, context: PathContext): string {
  if (context.base !== undefined || path.isAbsolute(p)) return '';
  const fromCwd = path.resolve(process.cwd(), p);
  if (fromCwd === path.resolve(specDir, p) || !statOrNull(fromCwd)?.isFile()) return '';
  return `; ${JSON.stringify(p)} is a file in the current folder: from the pipeline's folder write ${JSON.stringify(path.relative(specDir, fromCwd))}, or give an absolute path`;
}

/**
 * The absolute path of an input file named in a spec: relative paths resolve
 * against the spec's folder, absolute ones are taken as they are. The file
 * must exist and be a regular file (symlinks to regular files are followed).
 *
 * @example
 * resolveInput('/study/pipelines', '../data/sessions.csv'); // '/study/data/sessions.csv'
 */
export function resolveInput(specDir: string, p: string, context: PathContext = {}): string {
  const where = label(context);
  const shown = JSON.stringify(p);
  if (typeof p !== 'string' || p.length === 0) throw new PathError(`input path${where} is empty`, String(p));
  if (INVISIBLE.test(p)) throw new PathError(`input path ${shown}${where} contains a NUL, control or bidirectional-override character`, p);
  const abs = path.resolve(specDir, p);
  let st: Stats;
  try {
    st = statSync(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const base = context.base ?? "the spec's folder";
    const hint = p.startsWith('~') ? ` ('~' is not expanded; write the full path or a path relative to ${base})` : cwdHint(specDir, p, context);
    const why = code === 'ENOENT' || code === 'ENOTDIR' ? 'was not found' : code === 'ELOOP' ? 'is a symbolic link loop' : `cannot be read (${code})`;
    throw new PathError(`input file ${shown}${where} ${why}: looked for ${abs} (relative paths are read from ${base} ${path.resolve(specDir)})${hint}`, p);
  }
  if (!st.isFile()) {
    const kind = st.isDirectory() ? 'a folder' : 'not a regular file';
    throw new PathError(`input ${shown}${where} is ${kind} (${abs}); name a data file`, p);
  }
  return abs;
}

function label(context: PathContext): string {
  return context.specPath ? ` (at ${context.specPath})` : '';
}

function isStrictlyInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

function statOrNull(p: string): Stats | null {
  try {
    return statSync(p);
  } catch {
    return null;
  }
}

/**
 * realpath of the deepest existing ancestor of an absolute path, with the
 * not-yet-existing remainder appended. A dangling or looping symlink on the
 * way is refused: writing through it would land wherever it points.
 */
function realpathDeep(abs: string, given: string, where: string): string {
  const rest: string[] = [];
  let cur = abs;
  for (;;) {
    let exists = true;
    try {
      lstatSync(cur);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ELOOP') throw new PathError(`path ${JSON.stringify(given)}${where} goes through a broken or looping symbolic link`, given);
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw new PathError(`path ${JSON.stringify(given)}${where} cannot be checked (${code})`, given);
      exists = false;
    }
    if (exists) {
      let real: string;
      try {
        real = realpathSync.native(cur);
      } catch {
        throw new PathError(`path ${JSON.stringify(given)}${where} goes through a broken or looping symbolic link at ${cur}`, given);
      }
      return rest.length === 0 ? real : path.join(real, ...rest.reverse());
    }
    const parent = path.dirname(cur);
    if (parent === cur) return path.join(cur, ...rest.reverse());
    rest.push(path.basename(cur));
    cur = parent;
  }
}
