/**
 * The durable record of one running sync: every change goes to the inventory ConfigMap with the
 * resourceVersion last written, so the operation state (revision, step reached, hook outcomes,
 * result) is always on the cluster, and two syncs racing on one environment cannot both write.
 */
import type { KubeObjects } from '../adapters/kube';
import { createInventory, writeInventory, type Inventory } from '../inventory';
import type { HookOutcome, InfraRecord, ObjectRef, OperationState, SyncStage } from '../model';
import type { Normalization } from '../apply';

export class OperationLog {
  private state: OperationState;
  private infraState: InfraRecord | undefined;

  constructor(
    private readonly kube: KubeObjects,
    private stored: Inventory | undefined,
    private readonly normalization: Normalization,
    start: { revision: string; holder: string; startedAt: string },
    private readonly signal?: AbortSignal,
  ) {
    this.state = { ...start, phase: 'Running', hooks: [], message: 'sync running' };
    this.infraState = stored?.infra;
  }

  get inventory(): Inventory | undefined {
    return this.stored;
  }

  private async write(
    next: Omit<Inventory, 'operation' | 'normalization' | 'resourceVersion'>,
  ): Promise<void> {
    const inv = createInventory(next.env, next.revision, next.refs, {
      hooks: next.hooks,
      operation: this.state,
      normalization: this.normalization.toJSON(),
      ...(this.infraState ? { infra: this.infraState } : {}),
    });
    this.stored = await writeInventory(this.kube, this.stored, inv, this.signal);
  }

  /** Record the start: everything the sync may create is owned before it is created. */
  async begin(env: string, refs: readonly ObjectRef[], hooks: readonly ObjectRef[]): Promise<void> {
    await this.write({ env, revision: this.stored?.revision ?? null, refs, hooks });
  }

  private async update(patch: Partial<OperationState>): Promise<void> {
    this.state = { ...this.state, ...patch };
    const s = this.stored!;
    await this.write({ env: s.env, revision: s.revision, refs: s.refs, hooks: s.hooks });
  }

  /** The step the sync reached (`PreSync/0`, `Sync/1`, `prune`, ...). */
  async reached(step: string): Promise<void> {
    if (this.state.reached !== step) await this.update({ reached: step });
  }

  async hook(outcome: HookOutcome): Promise<void> {
    await this.update({ hooks: [...this.state.hooks, outcome] });
  }

  /** The infra gate's outcome (kept beside the inventory; a later write carries it along). */
  async infra(record: InfraRecord): Promise<void> {
    this.infraState = record;
    await this.update({ reached: 'infra' });
  }

  async failed(stage: SyncStage, message: string, finishedAt: string): Promise<void> {
    await this.update({ phase: 'Failed', stage, message, finishedAt });
  }

  /** Success: the new owned set and the revision become the environment's synced state. */
  async succeeded(
    revision: string,
    refs: readonly ObjectRef[],
    hooks: readonly ObjectRef[],
    message: string,
    finishedAt: string,
  ): Promise<void> {
    this.state = { ...this.state, phase: 'Succeeded', message, finishedAt };
    await this.write({ env: this.stored!.env, revision, refs, hooks });
  }
}
