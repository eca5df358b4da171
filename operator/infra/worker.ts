/**
 * The child process of one infra operation (started by `runInfraStep`): opens the stack with the
 * Automation API, clears what a killed earlier run left behind (a provably stale lock, pending
 * operations), runs `preview` or `up` of the inline program built from the description — or
 * `destroy` of the stack's resources followed by removing the stack, which needs no description —
 * streams progress to the parent and ends with one result message. Cancel (from the parent, or the parent
 * going away) asks pulumi to stop gracefully.
 */
import type { Stack } from '@pulumi/pulumi/automation';
import {
  classifyLocks,
  describeLock,
  fileBackendDir,
  mapEngineEvent,
  openStack,
  pendingOperations,
  readStackLocks,
  serveChild,
  type ChildContext,
  type PulumiSettings,
  type StackAddress,
} from '../adapters/pulumi';
import {
  hasChanges,
  type InfraChanges,
  type InfraDescription,
  type InfraEvent,
  type InfraMode,
  type InfraResourceRef,
  type InfraStepResult,
} from '../model';
import { infraProgram } from './program';

export interface WorkerRequest {
  readonly env: string;
  readonly at: StackAddress;
  /** The program's input; absent for `destroy` (pulumi destroys from the state, never running the program). */
  readonly description?: InfraDescription;
  readonly mode: InfraMode;
  readonly settings: PulumiSettings;
  /** Refresh the state from the providers first (drift check). */
  readonly refresh: boolean;
}

export type WorkerResult = Omit<InfraStepResult, 'hash' | 'durationMs' | 'mode'>;
export type WorkerMessage = { type: 'event'; event: InfraEvent } | { type: 'result'; result: WorkerResult };

/** Fails (a result, not a throw) unless every Pulumi lock of the stack is provably stale; clears those. */
async function clearStaleLocks(
  stack: Stack,
  at: StackAddress,
  settings: PulumiSettings,
  emit: (e: InfraEvent) => void,
  env: string,
): Promise<string | undefined> {
  const dir = fileBackendDir(settings.backend.url);
  if (!dir) return undefined; // other backends: pulumi reports its own lock
  const { stale, live } = classifyLocks(readStackLocks(dir, at));
  if (live.length) {
    return (
      `stack ${at.project}/${at.stack} is locked by ${live.map(describeLock).join('; ')}; ` +
      'another pulumi update is running (or ran on another machine): wait for it, or run `pulumi cancel` once you know it is gone'
    );
  }
  if (stale.length) {
    await stack.cancel();
    for (const l of stale) {
      emit({
        type: 'infra-lock-cleared',
        env,
        lock: describeLock(l),
        reason: 'its process is no longer running',
      });
    }
  }
  return undefined;
}

/** Removes the pending operations a killed update left in the checkpoint (creates are re-done). */
async function dropPendingOperations(
  stack: Stack,
  at: StackAddress,
  settings: PulumiSettings,
  emit: (e: InfraEvent) => void,
): Promise<void> {
  const dir = fileBackendDir(settings.backend.url);
  const pending = dir ? pendingOperations(dir, at) : [];
  if (!pending.length) return;
  const state = await stack.exportStack();
  const deployment = state.deployment as { pending_operations?: unknown[] };
  delete deployment.pending_operations;
  await stack.importStack(state);
  emit({
    type: 'infra-diagnostic',
    severity: 'warning',
    message:
      `an interrupted update left ${pending.length} operation(s) in flight (${pending.map((p) => `${p.type} ${p.urn.split('::').at(-1)}`).join(', ')}); ` +
      'they are run again (Kubernetes objects are adopted by server-side apply)',
  });
}

function publicOutputs(
  outputs: Record<string, { value: unknown; secret: boolean }>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(outputs)
      .filter(([, o]) => !o.secret)
      .map(([k, o]) => [k, o.value]),
  );
}

/** The engine's error diagnostics, or the CLI's own last words, without the Automation API's wrapping. */
function failureMessage(errors: readonly string[], err: unknown): string {
  if (errors.length) return [...new Set(errors)].join('\n');
  const text = (err as Error).message ?? String(err);
  const stderr = /stderr: ([\s\S]*)$/.exec(text)?.[1] ?? text;
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('code:'));
  return lines.find((l) => /^error:/.test(l)) ?? lines.slice(-3).join(' ') ?? 'pulumi failed';
}

async function run(req: WorkerRequest, ctx: ChildContext<WorkerMessage>): Promise<void> {
  const d = req.description;
  const at = req.at;
  const emit = (event: InfraEvent) => ctx.send({ type: 'event', event });
  const done = (result: WorkerResult) => ctx.send({ type: 'result', result });
  const failed = (message: string, failedResource?: InfraResourceRef) =>
    done({
      result: 'failed',
      changes: {},
      changed: false,
      outputs: {},
      message,
      ...(failedResource ? { failedResource } : {}),
    });

  if (!d && req.mode !== 'destroy') return failed(`infra ${req.mode} of ${req.env} needs its description`);
  // destroy works from the state alone: the program is never run.
  const program = d
    ? infraProgram(d, {
        kubernetesProviderVersion: req.settings.runtime.kubernetesProviderVersion,
        gcpProviderVersion: req.settings.runtime.gcpProviderVersion,
      })
    : () => Promise.resolve({});
  let stack: Stack;
  try {
    stack = await openStack(at, program, req.settings);
  } catch (err) {
    return failed(`cannot open stack ${at.project}/${at.stack}: ${failureMessage([], err)}`);
  }
  const cancelled = () =>
    `cancelled (${(ctx.signal.reason as Error)?.message ?? 'aborted'}) before pulumi ran`;
  if (ctx.signal.aborted) return failed(cancelled());
  try {
    const locked = await clearStaleLocks(stack, at, req.settings, emit, req.env);
    if (locked) return failed(locked);
    if (req.mode !== 'preview') await dropPendingOperations(stack, at, req.settings, emit);
  } catch (err) {
    return failed(
      `cannot recover stack ${at.project}/${at.stack} from an interrupted run: ${failureMessage([], err)}`,
    );
  }
  if (ctx.signal.aborted) return failed(cancelled());

  const errors: string[] = [];
  let failedResource: InfraResourceRef | undefined;
  const onEvent = (e: Parameters<NonNullable<Parameters<Stack['up']>[0]>['onEvent'] & object>[0]) => {
    for (const ie of mapEngineEvent(e, req.mode)) {
      if (ie.type === 'infra-resource' && ie.status === 'failed') failedResource ??= ie.resource;
      if (ie.type === 'infra-diagnostic' && ie.severity === 'error') {
        errors.push(ie.message);
        if (ie.resource && ie.resource.type !== 'pulumi:pulumi:Stack') failedResource ??= ie.resource;
      }
      emit(ie);
    }
  };
  try {
    let changes: InfraChanges;
    let outputs: Record<string, unknown>;
    if (req.mode === 'destroy') {
      const r = await stack.destroy({ onEvent, signal: ctx.signal, refresh: req.refresh });
      // Nothing of the stack is left: its state, history and config go too.
      await stack.workspace.removeStack(at.stack);
      const deleted = r.summary.resourceChanges?.delete ?? 0;
      return done({
        result: 'succeeded',
        changes: (r.summary.resourceChanges ?? {}) as InfraChanges,
        changed: deleted > 0,
        outputs: {},
        message: `the stack was destroyed (${deleted} resource(s) deleted) and removed from its backend`,
      });
    }
    if (req.mode === 'preview') {
      const r = await stack.preview({ onEvent, signal: ctx.signal, refresh: req.refresh });
      changes = r.changeSummary as InfraChanges;
      outputs = publicOutputs(await stack.outputs());
    } else {
      const r = await stack.up({ onEvent, signal: ctx.signal, refresh: req.refresh });
      changes = (r.summary.resourceChanges ?? {}) as InfraChanges;
      outputs = publicOutputs(r.outputs);
    }
    const changed = hasChanges(changes);
    done({
      result: 'succeeded',
      changes,
      changed,
      outputs,
      message:
        req.mode === 'preview'
          ? changed
            ? 'the stack would change'
            : 'no changes'
          : changed
            ? 'the stack was updated'
            : 'no changes',
    });
  } catch (err) {
    const why = ctx.signal.aborted
      ? `cancelled (${(ctx.signal.reason as Error)?.message ?? 'aborted'}); `
      : '';
    failed(`${why}${failureMessage(errors, err)}`, failedResource);
  }
}

if (require.main === module) serveChild<WorkerRequest, WorkerMessage>(run);
