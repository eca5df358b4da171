/**
 * A platform repository for the authoring commands: a git repository holding a copy of the
 * example `environments/` (the user's side), with the project's constructs and node_modules linked
 * in. Commands run as a user runs them: `node bin/ferry.js …` with the repository as cwd.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Scratch, git } from './repos';

export const ROOT = join(__dirname, '..', '..', '..');
const NODE = join(ROOT, 'node_modules', '.bin', 'node');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export class PlatformRepo {
  readonly dir: string;

  constructor(scratch: Scratch, name = 'platform') {
    this.dir = scratch.path(name);
    cpSync(join(ROOT, 'environments'), join(this.dir, 'environments'), { recursive: true });
    symlinkSync(join(ROOT, 'constructs'), join(this.dir, 'constructs'));
    symlinkSync(join(ROOT, 'node_modules'), join(this.dir, 'node_modules'));
    writeFileSync(join(this.dir, '.gitignore'), '/constructs\n/node_modules\n/dist\n');
    git(this.dir, 'init', '-q', '-b', 'main');
    git(this.dir, 'add', '-A');
    git(this.dir, 'commit', '-q', '-m', 'The shop platform');
  }

  git(...args: string[]): string {
    return git(this.dir, ...args);
  }

  read(path: string): string {
    return readFileSync(join(this.dir, path), 'utf8');
  }

  /** Edit a file and commit it. */
  change(path: string, edit: (text: string) => string, message: string): string {
    writeFileSync(join(this.dir, path), edit(this.read(path)));
    this.git('commit', '-q', '-am', message);
    return this.git('rev-parse', 'HEAD');
  }

  ferry(args: string[], env: Record<string, string> = {}): CliRun {
    const environment: NodeJS.ProcessEnv = { ...process.env, ...env };
    if (!env.FERRY_APP) delete environment.FERRY_APP;
    const r = spawnSync(NODE, [join(ROOT, 'bin', 'ferry.js'), ...args], {
      cwd: this.dir,
      env: environment,
      encoding: 'utf8',
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }
}
