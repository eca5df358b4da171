/**
 * The infra gate of a sync: when the deploy folder has an infra description (`infra/stack.json`,
 * environment.json schema 2), the environment's Pulumi stack is brought `up` before any manifest is
 * applied, because the manifests read what it creates (the connection Secrets).
 *
 * - planned in the read-only half of the sync: the description is loaded and checked, and hashed;
 *   the step is needed when the hash differs from the one recorded at the last successful `up`
 *   (beside the inventory). An environment with no needs and no recorded `up` has nothing to do —
 *   it needs no backend. A needed step without a configured backend (no passphrase) ends the sync
 *   at stage `infra` before anything is written.
 * - run after the sync took the environment's lock and recorded the operation, before the first
 *   manifest write: `up` through `runInfraStep` (a child process per operation, the operation lock,
 *   stale locks cleared). Its outcome is recorded beside the inventory; a failure fails the sync at
 *   stage `infra`, naming the resource, and no manifest is written (no SyncFail hook runs either:
 *   hooks are manifests).
 */
import { join } from 'node:path';
import type { SyncConfig } from '../config';
import type { Inventory } from '../inventory';
import { infraHash } from '../infra/hash';
import { loadInfraDescription } from '../manifests/infra';
import {
  formatInfraResource,
  nextInfraRecord,
  type EnvironmentSpec,
  type InfraEvent,
  type InfraRecord,
  type InfraStepResult,
  type SyncReason,
} from '../model';
import { StageError } from './load';

export interface InfraGate {
  /** `project/stack`. */
  readonly stack: string;
  readonly hash: string;
  /** The hash of the last successful `up`, when there was one. */
  readonly recorded?: string;
  /** The step must run: the description differs from the last successful `up`, or `refresh`. */
  readonly needed: boolean;
  /**
   * The description is unchanged but the last successful `up` is older than the refresh interval:
   * the step runs with a refresh from the providers first (drift check and repair).
   */
  readonly refresh?: { readonly lastUpAt: string };
}

/** When an unchanged stack is refreshed: `afterMs` after its last successful up (the operator's spec.infra.refreshInterval). */
export interface RefreshPolicy {
  readonly afterMs: number;
  readonly now: number;
}

/** Read-only, no backend needed (`diff`, the operator's compare): would the gate run? */
export async function describeInfraGate(
  dir: string,
  environment: EnvironmentSpec,
  inventory: Inventory | undefined,
  env: string,
  refreshPolicy?: RefreshPolicy,
): Promise<InfraGate | undefined> {
  if (!environment.infra?.file) return undefined;
  try {
    const description = await loadInfraDescription(join(dir, 'infra'), env);
    const hash = infraHash(description);
    const recorded = inventory?.infra?.hash;
    const changed = hash !== recorded && (description.needs.length > 0 || recorded !== undefined);
    const upAt = inventory?.infra?.upAt;
    const refresh =
      !changed &&
      recorded &&
      upAt &&
      refreshPolicy &&
      refreshPolicy.now - Date.parse(upAt) >= refreshPolicy.afterMs
        ? { lastUpAt: upAt }
        : undefined;
    return {
      stack: `${description.project}/${description.stack}`,
      hash,
      ...(recorded ? { recorded } : {}),
      needed: changed || refresh !== undefined,
      ...(refresh ? { refresh } : {}),
    };
  } catch (err) {
    throw new StageError('infra', err);
  }
}

/** Read-only: what the gate will do for this sync. Throws StageError('infra') on bad input. */
export async function planInfraGate(
  dir: string,
  environment: EnvironmentSpec,
  inventory: Inventory | undefined,
  cfg: SyncConfig,
  now: number = Date.now(),
): Promise<InfraGate | undefined> {
  const afterMs = cfg.infra?.refreshAfterMs;
  const policy = afterMs ? { afterMs, now } : undefined;
  const gate = await describeInfraGate(dir, environment, inventory, cfg.env, policy);
  if (!gate) return undefined;
  if (gate.needed && !cfg.infra?.backend) {
    const why =
      cfg.infra?.problem ??
      'no Pulumi backend is configured for this sync (the operator reads it from the Secret named in spec.infra.backendSecretRef)';
    throw new StageError(
      'infra',
      new Error(
        `the infra of "${cfg.env}" (stack ${gate.stack}) changed and must be brought up first, but ${why}`,
      ),
    );
  }
  return gate;
}

/** The need reason the gate adds, if any. */
export function infraReason(gate: InfraGate | undefined): SyncReason | undefined {
  if (!gate?.needed) return undefined;
  if (gate.refresh) return { kind: 'infra-refresh', stack: gate.stack, lastUpAt: gate.refresh.lastUpAt };
  return { kind: 'infra-changed', stack: gate.stack, ...(gate.recorded ? { from: gate.recorded } : {}) };
}

export interface GateRun {
  readonly step: InfraStepResult;
  readonly record: InfraRecord;
}

/** `up` the stack; never throws for operational failures (they are a failed step). */
export async function runInfraGate(
  dir: string,
  gate: InfraGate,
  previous: InfraRecord | undefined,
  cfg: SyncConfig,
  revision: string,
  now: () => string,
  emit: (e: InfraEvent) => void,
  signal?: AbortSignal,
): Promise<GateRun> {
  const settings = cfg.infra!;
  // Loaded on demand: the step pulls in the Pulumi Automation API, which a sync without infra never needs.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runInfraStep } = require('../infra/step') as typeof import('../infra/step.js');
  const step = await runInfraStep({
    env: cfg.env,
    infraDir: join(dir, 'infra'),
    mode: 'up',
    refresh: gate.refresh !== undefined,
    backend: settings.backend!,
    runtime: settings.runtime,
    ...(settings.kubeconfig ? { kubeconfig: settings.kubeconfig } : {}),
    ...(signal ? { signal } : {}),
    emit,
    ...(settings.timeoutMs ? { timeoutMs: settings.timeoutMs } : {}),
  });
  const failed = step.failedResource ? formatInfraResource(step.failedResource) : undefined;
  return { step, record: nextInfraRecord(previous, gate.stack, step, revision, now(), failed) };
}

/** The sync's failure message for a failed step: the stack, the resource, the engine's words. */
export function infraFailureMessage(env: string, gate: InfraGate, step: InfraStepResult): string {
  const at = step.failedResource ? ` at ${formatInfraResource(step.failedResource)}` : '';
  return (
    `infra up of ${env} (stack ${gate.stack}) failed${at}: ${step.message}\n` +
    'no manifest was applied; fix the infra (ferry infra preview shows the plan) and sync again'
  );
}
