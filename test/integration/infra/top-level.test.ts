/**
 * The top-level Pulumi project run by the real pulumi CLI (built by tools/, with the Node.js
 * language host built from sdk/v3 v3.68.0) from the repository root, as a user runs it
 * (`npm run pulumi -- preview --stack staging`): it builds the same stack as `ferry infra` from the
 * same environment classes. The stack config files of the repository are read through a copy
 * (`--config-file`), so pulumi adds its encryption salt there and the work tree stays untouched.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { synthEnvironment, writeEnvironment } from '../../../constructs/synth';
import { Dev, Staging } from '../../../environments';
import type { Environment } from '../../../constructs';
import { REPO_ROOT, infraSandbox, kubectlJson, kubectlRaw, type InfraSandbox } from '../helpers';

let sandbox: InfraSandbox;
let dist: string;

function synth(env: Environment): string {
  const out = synthEnvironment(env, null);
  if (out.issues.length) throw new Error(JSON.stringify(out.issues));
  writeEnvironment(dist, env.name, out.files);
  return join(dist, env.name);
}

/** A copy of the repository's Pulumi.<stack>.yaml for `--config-file`. */
function configCopy(stack: string): string {
  const copy = join(sandbox.dir, `Pulumi.${stack}.yaml`);
  copyFileSync(join(REPO_ROOT, `Pulumi.${stack}.yaml`), copy);
  return copy;
}

const gitStatus = () =>
  execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });

/** `<op> <type> <name>` of every step in `pulumi preview --json` output. */
function pulumiSteps(json: string): string[] {
  const plan = JSON.parse(json) as { steps: { op: string; urn: string }[] };
  return plan.steps
    .filter((s) => s.op !== 'same')
    .map((s) => {
      const parts = s.urn.split('::');
      return `${s.op} ${parts.at(-2)!.split('$').at(-1)} ${parts.at(-1)}`;
    })
    .sort();
}

/** The same from `ferry infra preview` lines (`  +  create   <type> <name>`). */
function ferrySteps(stdout: string): string[] {
  return [...stdout.matchAll(/^ {2}\S+\s+(create|update|delete|replace)\s+(\S+) (\S+)$/gm)]
    .map((m) => `${m[1]} ${m[2]} ${m[3]}`)
    .sort();
}

beforeAll(() => {
  sandbox = infraSandbox('top');
  dist = mkdtempSync(join(sandbox.dir, 'dist-'));
});
afterAll(async () => {
  await kubectlRaw([
    'delete',
    'namespace',
    new Dev().destination.namespace,
    '--wait=false',
    '--ignore-not-found',
  ]);
  sandbox?.cleanup();
});

test('pulumi preview --stack staging lists the same resources as ferry infra preview staging', async () => {
  const before = gitStatus();
  const ferry = await sandbox.ferry(['infra', 'preview', 'staging', '--dir', synth(new Staging())]);
  expect(ferry.stderr).toBe('');
  expect(ferry.code).toBe(1);
  const fromFerry = ferrySteps(ferry.stdout);
  expect(fromFerry).toContain('create kubernetes:core/v1:Secret public-api-db-connection');

  const cli = await sandbox.pulumi([
    'preview',
    '--stack',
    'staging',
    '--config-file',
    configCopy('staging'),
    '--json',
  ]);
  expect(cli.stderr).toBe('');
  expect(cli.code).toBe(0);
  expect(pulumiSteps(cli.stdout)).toEqual(fromFerry);
  expect(gitStatus()).toBe(before);
});

test('pulumi up --stack dev from the repository root builds what ferry infra builds', async () => {
  const before = gitStatus();
  const folder = synth(new Dev());
  // The stack is created by ferry (a preview writes nothing to the cluster).
  expect((await sandbox.ferry(['infra', 'preview', 'dev', '--dir', folder])).code).toBe(1);

  const config = configCopy('dev');
  const onDev = (verb: 'up' | 'destroy') =>
    sandbox.pulumi([verb, '--stack', 'dev', '--config-file', config, '--yes', '--skip-preview']);
  const up = await onDev('up');
  expect(up.stderr).toBe('');
  expect(up.code).toBe(0);
  expect(up.stdout).toMatch(/\+ 16 created/);
  const secrets = await kubectlJson<{ items: { metadata: { name: string } }[] }>(
    ['get', 'secrets', '-l', 'ferry.dev/infra=dev'],
    { namespace: 'shop-dev' },
  );
  expect(secrets.items.map((s) => s.metadata.name).sort()).toEqual([
    'frontend-assets',
    'orders-queue',
    'public-api-db',
  ]);

  // Same resources, same names: Ferry sees nothing to do on the stack the CLI built.
  const ferry = await sandbox.ferry(['infra', 'preview', 'dev', '--dir', folder]);
  expect(ferry.code).toBe(0);
  expect(ferry.stdout).toMatch(/^OK: infra preview of dev .*: 16 unchanged/m);

  expect((await onDev('destroy')).code).toBe(0);
  expect(gitStatus()).toBe(before);
});
