/**
 * The pulumi adapter's pure parts and its lock files: engine events → InfraEvents (no property values
 * copied), which locks are provably stale, the per-environment operation lock, and the backend and
 * passphrase configuration.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EngineEvent } from '@pulumi/pulumi/automation';
import {
  OperationLockedError,
  acquireOperationLock,
  classifyLocks,
  mapEngineEvent,
  pendingOperations,
  readStackLocks,
  resourceOf,
} from '../../../operator/adapters/pulumi';
import { resolveInfraBackend } from '../../../operator/config/infra';
import { ConfigError } from '../../../operator/config';
import { hasChanges } from '../../../operator/model';

/** A pid that certainly belonged to a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(r.stdout);
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ferry-plumbing-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('engine events', () => {
  const urn = 'urn:pulumi:dev::shop::ferry:local:Postgres$kubernetes:core/v1:Secret::db-connection';

  it('names the resource from its URN', () => {
    expect(resourceOf(urn)).toEqual({ urn, type: 'kubernetes:core/v1:Secret', name: 'db-connection' });
  });

  it('keeps op, resource and changed keys, never property values', () => {
    const e = {
      sequence: 1,
      timestamp: 0,
      resourcePreEvent: {
        metadata: {
          op: 'update',
          urn,
          type: 'kubernetes:core/v1:Secret',
          provider: '',
          diffs: ['stringData'],
          old: { inputs: { stringData: { password: 'hunter2' } } },
          new: { inputs: { stringData: { password: 'hunter3' } } },
        },
      },
    } as unknown as EngineEvent;
    const [mapped] = mapEngineEvent(e, 'up');
    expect(mapped).toEqual({
      type: 'infra-resource',
      resource: { urn, type: 'kubernetes:core/v1:Secret', name: 'db-connection' },
      op: 'update',
      status: 'started',
      keys: ['stringData'],
    });
    expect(JSON.stringify(mapEngineEvent(e, 'preview'))).not.toContain('hunter');
    expect(mapEngineEvent(e, 'preview')[0]).toMatchObject({ status: 'planned' });
  });

  it('maps failures and diagnostics, drops ephemeral output', () => {
    const failed = {
      sequence: 2,
      timestamp: 0,
      resOpFailedEvent: {
        metadata: { op: 'create', urn, type: 'kubernetes:core/v1:Secret' },
        status: 1,
        steps: 1,
      },
    } as unknown as EngineEvent;
    expect(mapEngineEvent(failed, 'up')[0]).toMatchObject({ status: 'failed', op: 'create' });
    const diag = (ephemeral: boolean) =>
      ({
        sequence: 3,
        timestamp: 0,
        diagnosticEvent: { urn, message: 'error: boom\n', color: 'never', severity: 'error', ephemeral },
      }) as unknown as EngineEvent;
    expect(mapEngineEvent(diag(false), 'up')).toEqual([
      { type: 'infra-diagnostic', severity: 'error', message: 'error: boom', resource: resourceOf(urn) },
    ]);
    expect(mapEngineEvent(diag(true), 'up')).toEqual([]);
  });

  it('counts only real changes as changes', () => {
    expect(hasChanges({ same: 9 })).toBe(false);
    expect(hasChanges({ same: 9, read: 1 })).toBe(false);
    expect(hasChanges({ same: 9, update: 1 })).toBe(true);
  });
});

describe('pulumi stack locks in a file backend', () => {
  const at = { project: 'shop', stack: 'dev' };
  const writeLock = (name: string, body: object) => {
    const d = join(dir, '.pulumi', 'locks', 'organization', 'shop', 'dev');
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, name), JSON.stringify(body));
  };

  it('are stale only when written on this host by a process that is gone', () => {
    writeLock('a.json', { pid: deadPid(), hostname: hostname(), username: 'ci', timestamp: 't' });
    writeLock('b.json', { pid: process.pid, hostname: hostname() });
    writeLock('c.json', { pid: deadPid(), hostname: 'another-machine' });
    writeLock('d.json', { garbage: true });
    const { stale, live } = classifyLocks(readStackLocks(dir, at));
    expect(stale.map((l) => l.file.split('/').at(-1))).toEqual(['a.json']);
    expect(live.map((l) => l.file.split('/').at(-1))).toEqual(['b.json', 'c.json', 'd.json']);
    expect(readStackLocks(dir, { project: 'shop', stack: 'other' })).toEqual([]);
  });

  it('reads the pending operations an interrupted update left', () => {
    const d = join(dir, '.pulumi', 'stacks', 'shop');
    mkdirSync(d, { recursive: true });
    const op = { type: 'creating', resource: { urn: 'urn:pulumi:dev::shop::kubernetes:core/v1:Secret::x' } };
    writeFileSync(
      join(d, 'dev.json'),
      JSON.stringify({ checkpoint: { latest: { pending_operations: [op] } } }),
    );
    expect(pendingOperations(dir, at)).toEqual([{ type: 'creating', urn: op.resource.urn }]);
    expect(pendingOperations(dir, { project: 'shop', stack: 'nope' })).toEqual([]);
  });
});

describe('operation lock', () => {
  it('admits one holder, names it to the next, and frees on release', () => {
    const held = acquireOperationLock(dir, 'shop.dev', 'infra up of dev');
    expect(() => acquireOperationLock(dir, 'shop.dev', 'infra up of dev')).toThrow(OperationLockedError);
    expect(() => acquireOperationLock(dir, 'shop.dev', 'x')).toThrow(/infra up of dev \(pid \d+ on /);
    acquireOperationLock(dir, 'shop.staging', 'other env').release();
    held.release();
    const again = acquireOperationLock(dir, 'shop.dev', 'again');
    expect(again.tookOverFrom).toBeUndefined();
    again.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('takes over the lock of a process that is gone, and says whose it was', () => {
    writeFileSync(
      join(dir, 'shop.dev.lock'),
      JSON.stringify({ pid: deadPid(), hostname: hostname(), since: 'earlier', what: 'infra up of dev' }),
    );
    const held = acquireOperationLock(dir, 'shop.dev', 'infra up of dev');
    expect(held.tookOverFrom).toMatch(/^infra up of dev \(pid \d+ on .*, since earlier\)$/);
    held.release();
  });
});

describe('infra backend configuration', () => {
  it('defaults to a file backend in the cache and needs a passphrase for it', () => {
    const env = { FERRY_CACHE_DIR: dir };
    expect(() => withEnv(env, () => resolveInfraBackend(undefined, {}))).toThrow(ConfigError);
    expect(() => withEnv(env, () => resolveInfraBackend(undefined, {}))).toThrow(
      /set PULUMI_CONFIG_PASSPHRASE/,
    );
    expect(withEnv(env, () => resolveInfraBackend(undefined, { PULUMI_CONFIG_PASSPHRASE: '' }))).toEqual({
      url: `file://${join(dir, 'pulumi')}`,
      passphrase: '',
    });
  });

  it('takes --backend over PULUMI_BACKEND_URL, makes paths absolute, needs no passphrase for the Pulumi Cloud', () => {
    expect(
      resolveInfraBackend('relative/state', { PULUMI_BACKEND_URL: 's3://b', PULUMI_CONFIG_PASSPHRASE: 'p' })
        .url,
    ).toBe(`file://${join(process.cwd(), 'relative/state')}`);
    expect(
      resolveInfraBackend(undefined, { PULUMI_BACKEND_URL: 's3://b', PULUMI_CONFIG_PASSPHRASE: 'p' }).url,
    ).toBe('s3://b');
    expect(resolveInfraBackend('https://api.pulumi.com', {})).toEqual({ url: 'https://api.pulumi.com' });
  });
});

function withEnv<T>(vars: Record<string, string>, fn: () => T): T {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
