/**
 * Writing an environment folder atomically: files go to a temporary sibling folder which then
 * replaces `<out>/<env>` by rename. A reader never sees a half-written folder.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { threadId } from 'node:worker_threads';

const tmpName = (outDir: string, env: string, what: string) =>
  path.join(outDir, `.${env}.${what}-${process.pid}-${threadId}`);

export function writeEnvironment(
  outDir: string,
  env: string,
  files: ReadonlyArray<readonly [string, string]>,
): void {
  fs.mkdirSync(outDir, { recursive: true });
  const tmp = tmpName(outDir, env, 'tmp');
  fs.rmSync(tmp, { recursive: true, force: true });
  const dirs = new Set(files.map(([p]) => path.dirname(p)));
  for (const d of [...dirs].sort()) fs.mkdirSync(path.join(tmp, d), { recursive: true });
  for (const [p, content] of files) fs.writeFileSync(path.join(tmp, p), content);
  const target = path.join(outDir, env);
  const old = tmpName(outDir, env, 'old');
  if (fs.existsSync(target)) fs.renameSync(target, old);
  fs.renameSync(tmp, target);
  fs.rmSync(old, { recursive: true, force: true });
}

/** Removes `<out>/<env>` (used when the environment failed: no stale output survives). */
export function removeEnvironment(outDir: string, env: string): void {
  fs.rmSync(path.join(outDir, env), { recursive: true, force: true });
}

/** Environment folders (they hold environment.json) in outDir. */
export function existingEnvironments(outDir: string): string[] {
  if (!fs.existsSync(outDir)) return [];
  return fs
    .readdirSync(outDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
    .filter((d) => fs.existsSync(path.join(outDir, d.name, 'environment.json')))
    .map((d) => d.name);
}
