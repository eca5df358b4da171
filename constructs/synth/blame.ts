/**
 * Where a throw came from, for errors that name their place: the component whose constructor
 * was running, or the first stack frame in the user's own code (`environments/dev.ts:14:11`).
 */
import * as path from 'node:path';

const LIBRARY = path.resolve(__dirname, '..');

/** The first frame outside node_modules and the construct library, relative to cwd. */
export function userFrame(err: unknown, cwd = process.cwd()): string | undefined {
  const stack = (err as Error)?.stack ?? '';
  for (const line of stack.split('\n').slice(1)) {
    const m = /\(?((?:file:\/\/)?\/[^()]+?):(\d+):(\d+)\)?$/.exec(line.trim());
    if (!m) continue;
    const file = m[1]!.replace(/^file:\/\//, '');
    if (file.includes(`${path.sep}node_modules${path.sep}`) || file.startsWith(LIBRARY + path.sep)) continue;
    return `${path.relative(cwd, file)}:${m[2]}:${m[3]}`;
  }
  return undefined;
}

/** True when `new <className>` is on the error's stack (its constructor was running). */
export function constructorOnStack(err: unknown, className: string): boolean {
  const stack = (err as Error)?.stack ?? '';
  return new RegExp(`\\bat new ${className}\\b`).test(stack);
}

/** The outermost class constructed under `fnName` (e.g. `allEnvironments`) when the error was thrown. */
export function classThrownIn(err: unknown, fnName: string): string | undefined {
  const frames = ((err as Error)?.stack ?? '').split('\n').map((l) => l.trim());
  const top = frames.findIndex((f) => new RegExp(`\\b${fnName}\\b`).test(f));
  const upTo = top < 0 ? frames.length : top;
  let found: string | undefined;
  for (let i = 0; i < upTo; i++) {
    const m = /^at new (\w+)/.exec(frames[i]!);
    if (m) found = m[1];
  }
  return found;
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
