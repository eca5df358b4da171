/** buildPlan: desired objects + prune targets → ordered, data-only Plan. See index.ts for the rules. */
import {
  PlanError,
  formatRef,
  refKey,
  type DesiredObject,
  type HookPhase,
  type Plan,
  type PlanSkip,
  type PlanStep,
  type PruneTarget,
  type SyncPhase,
} from '../model';
import { assertAcyclic, dependencyGraph, type DependencyGraph } from './dependencies';
import { cmp } from './kind-order';
import { compareRefs } from './order';
import { pruneSteps } from './prune';

export interface PlanOptions {
  /** Delete prune targets (otherwise they are reported as skipped). @default false */
  readonly prune?: boolean;
  /** Allow pruning when the desired set is empty. @default false */
  readonly allowEmpty?: boolean;
}

const PHASE_INDEX: Readonly<Record<SyncPhase, number>> = { PreSync: 0, Sync: 1, PostSync: 2 };
const PHASE_OF: readonly SyncPhase[] = ['PreSync', 'Sync', 'PostSync'];

/** Where a step group sits: phase then wave. */
interface Position {
  readonly phase: number;
  readonly wave: number;
}
const before = (a: Position, b: Position): boolean =>
  a.phase < b.phase || (a.phase === b.phase && a.wave < b.wave);
const fmtPos = (p: Position): string => `${PHASE_OF[p.phase]} wave ${p.wave}`;

interface Placement {
  readonly object: DesiredObject;
  readonly key: string;
  readonly hook: boolean;
  readonly pos: Position;
}

function hookPhases(o: DesiredObject): readonly HookPhase[] {
  return o.sync.hook.kind === 'hook' ? o.sync.hook.phases : [];
}

/**
 * Earliest position of every non-SyncFail object after moving dependencies (non-hook objects
 * only) up to their earliest dependent. Throws when an object depends on a hook that runs later.
 */
function positions(objects: readonly DesiredObject[], graph: DependencyGraph): Map<string, Position> {
  const pos = new Map<string, Position>();
  const isHook = new Map<string, boolean>();
  for (const o of objects) {
    const key = refKey(o.ref);
    const phases = hookPhases(o).filter((p): p is SyncPhase => p !== 'SyncFail');
    isHook.set(key, o.sync.hook.kind === 'hook');
    const phase = phases.length > 0 ? Math.min(...phases.map((p) => PHASE_INDEX[p])) : PHASE_INDEX.Sync;
    if (o.sync.hook.kind === 'none' || phases.length > 0) pos.set(key, { phase, wave: o.sync.wave });
  }
  // The graph is acyclic, so relaxing edges at most |objects| times reaches the fixpoint.
  for (let changed = true, rounds = 0; changed && rounds <= objects.length; rounds++) {
    changed = false;
    for (const [key, deps] of graph) {
      const p = pos.get(key);
      if (!p) continue; // SyncFail-only hooks move nothing
      for (const dep of deps) {
        const q = pos.get(dep);
        if (!q || !before(p, q)) continue;
        if (isHook.get(dep)) {
          throw new PlanError(
            `${formatRef(keyRef(objects, key))} (${fmtPos(p)}) depends on hook ${formatRef(keyRef(objects, dep))}, ` +
              `which runs later (${fmtPos(q)}): move the hook earlier or drop the dependency`,
          );
        }
        pos.set(dep, p);
        changed = true;
      }
    }
  }
  return pos;
}

function keyRef(objects: readonly DesiredObject[], key: string): DesiredObject['ref'] {
  return objects.find((o) => refKey(o.ref) === key)!.ref;
}

/** Steps of one phase/wave group: dependency levels, each apply → hook → wait. */
function groupSteps(group: readonly Placement[], graph: DependencyGraph, phase: HookPhase): PlanStep[] {
  const inGroup = new Map(group.map((p) => [p.key, p]));
  const level = new Map<string, number>();
  const levelOf = (key: string): number => {
    const known = level.get(key);
    if (known !== undefined) return known;
    const deps = (graph.get(key) ?? []).filter((d) => inGroup.has(d));
    const l = deps.length === 0 ? 0 : 1 + Math.max(...deps.map(levelOf));
    level.set(key, l);
    return l;
  };
  const maxLevel = Math.max(...group.map((p) => levelOf(p.key)));
  const wave = group[0]!.pos.wave;
  const steps: PlanStep[] = [];
  for (let l = 0; l <= maxLevel; l++) {
    const at = group
      .filter((p) => levelOf(p.key) === l)
      .sort((a, b) => compareRefs(a.object.ref, b.object.ref));
    const apply = at.filter((p) => !p.hook).map((p) => p.object);
    const hooks = at.filter((p) => p.hook).map((p) => p.object);
    if (apply.length > 0) {
      if (phase === 'SyncFail') throw new Error('unreachable: non-hook object in SyncFail');
      steps.push({ type: 'apply', phase, wave, objects: apply });
    }
    // A hook step waits for its own hooks to complete; the wait step is for what was applied.
    if (hooks.length > 0) steps.push({ type: 'hook', phase, wave, objects: hooks });
    if (apply.length > 0) steps.push({ type: 'wait', phase, wave, refs: apply.map((o) => o.ref) });
  }
  return steps;
}

function byPosition(placements: readonly Placement[]): Placement[][] {
  const groups = new Map<string, Placement[]>();
  for (const p of placements) {
    const k = `${p.pos.phase}:${p.pos.wave}`;
    groups.set(k, [...(groups.get(k) ?? []), p]);
  }
  return [...groups.values()].sort(
    (a, b) => a[0]!.pos.phase - b[0]!.pos.phase || a[0]!.pos.wave - b[0]!.pos.wave,
  );
}

/**
 * Order a sync. Throws PlanError (unresolved depends-on, dependency on a later hook),
 * DependencyCycleError, or PruneRefusedError (empty desired set without allowEmpty).
 */
export function buildPlan(
  desired: readonly DesiredObject[],
  pruneTargets: readonly PruneTarget[] = [],
  options: PlanOptions = {},
): Plan {
  const skipped: PlanSkip[] = [];
  const active: DesiredObject[] = [];
  for (const o of [...desired].sort((a, b) => compareRefs(a.ref, b.ref))) {
    if (o.sync.hook.kind === 'skip') skipped.push({ ref: o.ref, reason: { kind: 'hook-skip' } });
    else active.push(o);
  }
  const graph = dependencyGraph(active);
  assertAcyclic(graph);
  const pos = positions(active, graph);

  const placements: Placement[] = [];
  const failPlacements: Placement[] = [];
  for (const o of active) {
    const key = refKey(o.ref);
    if (o.sync.hook.kind === 'none') {
      placements.push({ object: o, key, hook: false, pos: pos.get(key)! });
      continue;
    }
    for (const phase of hookPhases(o)) {
      const placement = { object: o, key, hook: true };
      if (phase === 'SyncFail') failPlacements.push({ ...placement, pos: { phase: 3, wave: o.sync.wave } });
      else placements.push({ ...placement, pos: { phase: PHASE_INDEX[phase], wave: o.sync.wave } });
    }
  }

  const prune = pruneSteps(desired, pruneTargets, options);
  skipped.push(...prune.skipped);
  const steps: PlanStep[] = [];
  const groups = byPosition(placements);
  const syncEnd = groups.findIndex((g) => g[0]!.pos.phase > PHASE_INDEX.Sync);
  const [main, post] = syncEnd < 0 ? [groups, []] : [groups.slice(0, syncEnd), groups.slice(syncEnd)];
  for (const g of main) steps.push(...groupSteps(g, graph, PHASE_OF[g[0]!.pos.phase]!));
  steps.push(...prune.steps);
  for (const g of post) steps.push(...groupSteps(g, graph, PHASE_OF[g[0]!.pos.phase]!));
  const onFailure = byPosition(failPlacements).flatMap((g) => groupSteps(g, graph, 'SyncFail'));

  skipped.sort((a, b) => compareRefs(a.ref, b.ref) || cmp(a.reason.kind, b.reason.kind));
  return { steps, onFailure, skipped };
}
