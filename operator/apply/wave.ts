/**
 * Apply a list of objects already in plan order: kinds one after another (so a ServiceAccount
 * exists before the Deployment that uses it), objects of one kind concurrently. CRDs are waited
 * for until Established and Namespaces until Active before anything after them, and discovery is
 * refreshed after CRDs so their custom resources can be addressed in the same sync.
 */
import type { KubeObjects } from '../adapters/kube';
import { mapLimit, pollUntil } from '../adapters/clock';
import { customResourceDefinitionHealth, namespaceHealth } from '../health';
import { formatRef, ObjectError, refKey, runsOfKind, type DesiredObject, type SyncEvent } from '../model';
import { applyObject, type ApplyResult } from './apply';
import type { Drift } from './drift';
import type { LiveIndex } from './live';
import type { Normalization } from './normalization';

export interface ApplyContext {
  readonly kube: KubeObjects;
  readonly env: string;
  readonly live: LiveIndex;
  /** The assessment of every object, by ref key (drift.ts). */
  readonly drift: ReadonlyMap<string, Drift>;
  readonly normalization: Normalization;
  readonly emit: (e: SyncEvent) => void;
  readonly signal?: AbortSignal;
  /** @default 16 */
  readonly concurrency?: number;
}

async function waitEstablished(ctx: ApplyContext, results: readonly ApplyResult[]): Promise<void> {
  for (const r of results) {
    const isCrd = r.object.ref.kind === 'CustomResourceDefinition';
    const check = isCrd ? customResourceDefinitionHealth : namespaceHealth;
    if (!isCrd && r.object.ref.kind !== 'Namespace') continue;
    const ok = await pollUntil(
      async () => {
        const live = await ctx.kube.get(r.object.manifest, ctx.signal);
        return live && check(live).status === 'Current' ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200, signal: ctx.signal },
    );
    if (!ok) throw new ObjectError(r.object.ref, 'wait', `not ${isCrd ? 'Established' : 'Active'} after 60s`);
  }
  if (results.some((r) => r.object.ref.kind === 'CustomResourceDefinition' && r.action !== 'unchanged')) {
    await ctx.kube.discovery.refresh();
  }
}

/** Apply in order; throws the first failure (an ObjectError naming the object). */
export async function applyObjects(
  ctx: ApplyContext,
  objects: readonly DesiredObject[],
): Promise<ApplyResult[]> {
  const all: ApplyResult[] = [];
  for (const run of runsOfKind(objects, (o) => o.ref)) {
    ctx.signal?.throwIfAborted();
    const outcomes = await mapLimit(run, ctx.concurrency ?? 16, async (o) => {
      try {
        const key = refKey(o.ref);
        const drift = ctx.drift.get(key) ?? { kind: 'unchecked', changes: [], reason: 'not assessed' };
        const result = await applyObject(ctx, o, ctx.live.get(key), drift);
        ctx.live.set(key, result.live);
        ctx.emit({ type: 'object-applied', ref: o.ref, action: result.action });
        if (result.dropped) {
          ctx.emit({
            type: 'warning',
            message: `${o.file}: ${formatRef(o.ref)}: Validate=false: dropped fields the API server does not know: ${result.dropped.join(', ')}`,
          });
        }
        return result;
      } catch (err) {
        if (ctx.signal?.aborted) return err instanceof Error ? err : new Error(String(err));
        const message =
          err instanceof ObjectError
            ? err.message
            : `${o.ref.kind}/${o.ref.name} apply failed: ${(err as Error).message}`;
        ctx.emit({ type: 'object-failed', ref: o.ref, message });
        return err instanceof Error ? err : new Error(String(err));
      }
    });
    const failed = outcomes.find((x): x is Error => x instanceof Error);
    if (failed) throw failed;
    const results = outcomes as ApplyResult[];
    all.push(...results);
    await waitEstablished(ctx, results);
  }
  return all;
}
