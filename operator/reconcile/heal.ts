/**
 * Self-heal: re-sync just the objects someone else changed or deleted, at the revision last
 * synced successfully — never a new revision (that is a full sync's job, hooks and all).
 *
 *   inventory (last sync Succeeded?) → snapshot of its revision (already in the cache)
 *     → load state → assess only the named objects (the zero-write gate: nothing drifted → done)
 *     → repair off (selfHeal: false)? report them `out-of-sync`, write nothing
 *     → lock → apply the drifted ones, taking back fields a hand edit took (`kubectl scale` and
 *       `kubectl edit` are Update operations: the fields change owner) → unlock
 *
 * No hooks, no prune, no health wait, no inventory write (same revision, same objects). Returns
 * `undefined` when a heal cannot say anything and a full sync must run instead: no successful
 * sync yet, an unfinished or failed one, a pin moved, the source or the folder unreadable, an
 * object that would need to be recreated.
 */
import { systemClock } from '../adapters/clock';
import { applyObjects, drifted, Normalization } from '../apply';
import { holderIdentity, readInventory } from '../inventory';
import type { SyncConfig } from '../config';
import { redactUrls, refKey, type DesiredObject, type ObjectRef, type SyncResult } from '../model';
import { cachedSnapshot, fetchSnapshot, loadState, type Loaded } from './load';
import { LeaseLock } from './lock';
import { describeDrift, driftNotes, objectResults, rejectedMessage } from './report';
import { assessState, type SyncDeps } from './sync';

export interface HealOptions {
  /** The objects to look at (those a watch saw change). */
  readonly refs: readonly ObjectRef[];
  /** False: report drift and write nothing (`syncPolicy.selfHeal: false`). @default true */
  readonly repair?: boolean;
}

/** The desired object with conflicts forced: under self-heal the manifest wins the fields it declares. */
function forced(d: DesiredObject): DesiredObject {
  return { ...d, sync: { ...d.sync, syncOptions: { ...d.sync.syncOptions, force: true } } };
}

export async function healEnvironment(
  deps: SyncDeps,
  cfg: SyncConfig,
  opts: HealOptions,
): Promise<SyncResult | undefined> {
  const clock = deps.clock ?? systemClock;
  const started = clock.now();
  const kube = deps.kube.withCounts();
  const inventory = await readInventory(kube, cfg.env, deps.signal).catch(() => undefined);
  const revision = inventory?.revision;
  if (!inventory || !revision || (inventory.operation && inventory.operation.phase !== 'Succeeded')) {
    return undefined;
  }
  if (cfg.source.revision && cfg.source.revision !== revision) return undefined;
  let state: Loaded;
  try {
    const snapshot =
      cachedSnapshot(cfg, revision) ?? (await fetchSnapshot({ ...cfg, source: { ...cfg.source, revision } }));
    state = await loadState(kube, cfg, snapshot, deps.signal);
  } catch {
    return undefined;
  }
  const wanted = new Set(opts.refs.map(refKey));
  const targets = state.desired.filter((d) => d.sync.hook.kind === 'none' && wanted.has(refKey(d.ref)));
  const normalization = new Normalization(inventory.normalization);
  const drift = await assessState(kube, cfg.env, state, normalization, targets.map(forced), deps.signal);
  if ([...drift.values()].some((a) => a.kind === 'recreate')) return undefined;
  const changed = targets.filter((d) => drifted(drift.get(refKey(d.ref))!));
  const notes = driftNotes(changed, drift, state.live);
  const finish = (result: SyncResult['result'], message: string, extra: Partial<SyncResult> = {}) => ({
    env: cfg.env,
    revision,
    result,
    reason: { kind: 'drift' as const, objects: changed.length },
    message: redactUrls(message),
    objects: objectResults(changed, drift),
    pruned: [],
    warnings: [],
    requests: { ...kube.client.counts },
    drift: notes,
    startedAt: new Date(started).toISOString(),
    durationMs: clock.now() - started,
    ...extra,
  });
  const at = revision.slice(0, 12);
  if (changed.length === 0) {
    return { ...finish('in-sync', `no drift at ${at}`), reason: { kind: 'in-sync' } };
  }
  const rejected = rejectedMessage(changed, drift);
  if (rejected) return finish('failed', rejected, { stage: 'dry-run' });
  if (opts.repair === false) {
    return finish(
      'out-of-sync',
      `${changed.length} object${changed.length === 1 ? '' : 's'} drifted from ${at}: ` +
        `${describeDrift(notes)}; not reverted (syncPolicy.selfHeal is false)`,
    );
  }
  const holder = deps.holder ?? holderIdentity('cli');
  const lock = deps.lock ?? new LeaseLock(kube, cfg.env, holder, { durationMs: cfg.leaseDurationMs, clock });
  const other = await lock
    .otherHolder(deps.signal)
    .catch((e: unknown) => `unknown (${(e as Error).message})`);
  if (other) {
    return finish('failed', `another sync of environment "${cfg.env}" is running (held by ${other})`, {
      stage: 'lock',
    });
  }
  try {
    await lock.acquire(deps.signal);
    const signal = AbortSignal.any([...(deps.signal ? [deps.signal] : []), lock.lost]);
    await applyObjects(
      {
        kube,
        env: cfg.env,
        live: state.live,
        drift,
        normalization,
        emit: deps.emit ?? (() => undefined),
        signal,
      },
      changed.map(forced),
    );
  } catch (err) {
    return finish('failed', (err as Error).message, { stage: 'apply' });
  } finally {
    await lock.release().catch(() => undefined);
  }
  return finish(
    'succeeded',
    `reverted ${changed.length} drifted object${changed.length === 1 ? '' : 's'} to ${at}: ${describeDrift(notes)}`,
  );
}
