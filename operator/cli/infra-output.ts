/**
 * How infra progress is printed, by `ferry infra` and by `ferry sync`'s infra gate: one line per
 * resource step that changes something, diagnostics as they come, a change summary. Also where the
 * CLI finds the pulumi toolchain tools/build.sh built. Light on purpose: `ferry sync` loads it
 * without the Pulumi SDK.
 */
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { ToolDefaults } from '../config/infra';
import {
  formatInfraResource,
  type EnvironmentInfraStatus,
  type InfraChanges,
  type InfraEvent,
  type InfraMode,
  type InfraOp,
} from '../model';
import { out } from './output';
import type * as Toolchain from '../../tools/cluster/toolchain';

/** tools/build.sh's pulumi toolchain, when it is built (loaded on demand: tools/ is not product code). */
export function builtTools(): ToolDefaults | undefined {
  let toolchain: typeof Toolchain.toolchain;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ({ toolchain } = require('../../tools/cluster/toolchain') as typeof Toolchain);
  } catch (err) {
    // The operator image carries no tools/: its pulumi comes from FERRY_PULUMI_BIN_DIR.
    if ((err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return undefined;
    throw err;
  }
  const tc = toolchain();
  if (!existsSync(join(tc.pulumiBinDir, 'pulumi'))) return undefined;
  return {
    pulumiBinDir: tc.pulumiBinDir,
    pulumiHome: tc.pulumiHome,
    kubernetesProviderVersion: tc.versions.pulumiKubernetesBuild,
  };
}

export function onPath(bin: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((d) => d && existsSync(join(d, bin)));
}

const PAST: Partial<Record<InfraOp, string>> = {
  create: 'created',
  update: 'updated',
  delete: 'deleted',
  replace: 'replaced',
  'create-replacement': 'created',
  'delete-replaced': 'deleted',
  read: 'read',
  refresh: 'refreshed',
};
const SIGN: Partial<Record<InfraOp, string>> = {
  create: '+',
  update: '~',
  delete: '-',
  replace: '+-',
  'create-replacement': '++',
  'delete-replaced': '--',
};

/** One line per step that changes something; diagnostics as they come. */
export function infraPrinter(mode: InfraMode): (e: InfraEvent) => void {
  return (e) => {
    switch (e.type) {
      case 'infra-started':
        out(`infra ${e.mode} of ${e.env} (stack ${e.stack})`);
        break;
      case 'infra-skipped':
        out(`infra of ${e.env}: skipped, ${e.reason}`);
        break;
      case 'infra-lock-cleared':
        out(`  cleared a stale lock of ${e.env}: ${e.lock} (${e.reason})`);
        break;
      case 'infra-resource': {
        if (e.op === 'same' || (e.op === 'read' && e.status !== 'failed')) break;
        // Default providers are Pulumi's plumbing; its own display hides them too.
        if (e.resource.type.startsWith('pulumi:providers:') && e.resource.name === 'default') break;
        const what = formatInfraResource(e.resource);
        const keys = e.keys?.length ? ` [${e.keys.join(', ')}]` : '';
        if (e.status === 'planned')
          out(`  ${(SIGN[e.op] ?? e.op).padEnd(2)} ${e.op.padEnd(8)} ${what}${keys}`);
        else if (e.status === 'started' && mode !== 'preview')
          out(`  ${`${e.op.replace(/e$/, '')}ing`.padEnd(10)} ${what}${keys}`);
        else if (e.status === 'done') out(`  ${(PAST[e.op] ?? e.op).padEnd(10)} ${what}`);
        else if (e.status === 'failed') out(`  ${'FAILED'.padEnd(10)} ${what} (${e.op})`);
        break;
      }
      case 'infra-diagnostic':
        if (e.severity !== 'info') {
          const where =
            e.resource && e.resource.type !== 'pulumi:pulumi:Stack'
              ? ` ${formatInfraResource(e.resource)}:`
              : '';
          out(`  ${e.severity}:${where} ${e.message.split('\n').join('\n    ')}`);
        }
        break;
      case 'infra-finished':
        break;
    }
  };
}

/** `3 to create, 1 to update, 9 unchanged` / `3 created, 9 unchanged`. */
export function changeSummary(changes: InfraChanges, mode: InfraMode): string {
  const verbs: [InfraOp, string, string][] = [
    ['create', 'to create', 'created'],
    ['update', 'to update', 'updated'],
    ['replace', 'to replace', 'replaced'],
    ['delete', 'to delete', 'deleted'],
  ];
  const parts = verbs
    .filter(([op]) => (changes[op] ?? 0) > 0)
    .map(([op, future, past]) => `${changes[op]} ${mode === 'preview' ? future : past}`);
  parts.push(`${changes.same ?? 0} unchanged`);
  return parts.join(', ');
}

/** One line for `ferry status`: `infra: stack shop/dev up at 3f9c2a7b1d0e (16 resources); last: Succeeded`. */
export function formatInfraStatus(s: EnvironmentInfraStatus): string {
  const up = s.revision
    ? ` up at ${s.revision.startsWith('local:') ? s.revision : s.revision.slice(0, 12)}` +
      `${s.resources !== undefined ? ` (${s.resources} resources)` : ''}`
    : ' never brought up';
  const last =
    s.result === 'Failed'
      ? `; last attempt Failed${s.failedResource ? ` at ${s.failedResource}` : ''}: ${s.message}`
      : '';
  return `infra: stack ${s.stack}${up}${last}`;
}
