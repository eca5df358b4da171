/**
 * One writer per environment: a `coordination.k8s.io/v1` Lease `ferry-env-<env>` in `ferry-system`.
 * Whoever holds it (a `ferry sync` process, an operator replica) may write the environment; others
 * wait or refuse. A holder renews it well within its duration; a holder that dies simply stops
 * renewing, and after the duration anyone may take it over. Every change uses the Lease's
 * resourceVersion, so two contenders can never both win.
 *
 * Reading the Lease is free of writes, which keeps a no-op sync at zero writes: a sync takes the
 * lease only once it knows it has something to write.
 */
import { hostname } from 'node:os';
import type { KubeObject, KubeObjects } from '../adapters/kube';
import { KubeApiError } from '../adapters/kube';
import { systemClock, type Clock } from '../adapters/clock';
import { FerryError } from '../model';
import { ensureSystemNamespace, INVENTORY_NAMESPACE } from './store';

export const LEASE_API = 'coordination.k8s.io/v1';

export function leaseName(env: string): string {
  return `ferry-env-${env}`;
}

/** `host:pid` plus a role, e.g. `cli:build-7:4242`. */
export function holderIdentity(role: string): string {
  return `${role}:${hostname()}:${process.pid}`;
}

export interface LeaseState {
  readonly holder: string | undefined;
  readonly renewedAt: number;
  readonly durationMs: number;
  readonly transitions: number;
  readonly resourceVersion: string;
}

export interface LeaseOptions {
  /** @default 15000 */
  readonly durationMs?: number;
  /** The Lease's name. @default `ferry-env-<env>` (the sync lock) */
  readonly name?: string;
  /** @default systemClock */
  readonly clock?: Clock;
}

/** The lease is held by someone else. */
export class LeaseHeldError extends FerryError {
  constructor(
    readonly env: string,
    readonly holder: string,
    readonly renewedAt: number,
  ) {
    super(
      `another sync of environment "${env}" is running (lease ${INVENTORY_NAMESPACE}/${leaseName(env)} held by ` +
        `${holder}, renewed ${new Date(renewedAt).toISOString()}); wait for it to finish, or, if it was killed, ` +
        'retry once the lease expires',
    );
  }
}

const micro = (ms: number): string => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

function decode(obj: KubeObject): LeaseState {
  const spec = (obj.spec ?? {}) as {
    holderIdentity?: string;
    renewTime?: string;
    acquireTime?: string;
    leaseDurationSeconds?: number;
    leaseTransitions?: number;
  };
  return {
    holder: spec.holderIdentity || undefined,
    renewedAt: Date.parse(spec.renewTime ?? spec.acquireTime ?? '') || 0,
    durationMs: (spec.leaseDurationSeconds ?? 15) * 1000,
    transitions: spec.leaseTransitions ?? 0,
    resourceVersion: obj.metadata.resourceVersion ?? '',
  };
}

export class EnvironmentLease {
  private readonly durationMs: number;
  private readonly clock: Clock;
  private state: LeaseState | undefined;
  private acquiredAt = 0;
  private readonly name: string;

  constructor(
    private readonly kube: KubeObjects,
    readonly env: string,
    readonly holder: string,
    opts: LeaseOptions = {},
  ) {
    this.durationMs = opts.durationMs ?? 15_000;
    this.clock = opts.clock ?? systemClock;
    this.name = opts.name ?? leaseName(env);
  }

  private address(): KubeObject {
    return {
      apiVersion: LEASE_API,
      kind: 'Lease',
      metadata: { name: this.name, namespace: INVENTORY_NAMESPACE },
    };
  }

  /** The lease as stored, without writing. */
  async read(signal?: AbortSignal): Promise<LeaseState | undefined> {
    const obj = await this.kube.get(this.address(), signal);
    return obj ? decode(obj) : undefined;
  }

  /** True when `state` is held by someone other than us and not yet expired. */
  heldByOther(state: LeaseState | undefined): boolean {
    return (
      !!state?.holder && state.holder !== this.holder && this.clock.now() < state.renewedAt + state.durationMs
    );
  }

  private body(rv: string | undefined, transitions: number, acquiredAt: number): KubeObject {
    const now = this.clock.now();
    return {
      ...this.address(),
      metadata: { ...this.address().metadata, ...(rv ? { resourceVersion: rv } : {}) },
      spec: {
        holderIdentity: this.holder,
        leaseDurationSeconds: Math.max(1, Math.ceil(this.durationMs / 1000)),
        acquireTime: micro(acquiredAt),
        renewTime: micro(now),
        leaseTransitions: transitions,
      },
    };
  }

  /** Take the lease, or throw LeaseHeldError naming the holder. */
  async acquire(signal?: AbortSignal): Promise<void> {
    const current = await this.read(signal);
    if (this.heldByOther(current)) throw new LeaseHeldError(this.env, current!.holder!, current!.renewedAt);
    const now = this.clock.now();
    this.acquiredAt = now;
    try {
      if (!current) {
        await ensureSystemNamespace(this.kube, signal);
        this.state = decode(await this.kube.create(this.body(undefined, 0, now), { signal }));
      } else {
        const transitions = current.holder === this.holder ? current.transitions : current.transitions + 1;
        this.state = decode(
          await this.kube.update(this.body(current.resourceVersion, transitions, now), signal),
        );
      }
    } catch (err) {
      if (err instanceof KubeApiError && (err.stale || err.alreadyExists)) {
        const winner = await this.read(signal);
        throw new LeaseHeldError(this.env, winner?.holder ?? 'unknown', winner?.renewedAt ?? now);
      }
      throw err;
    }
  }

  /** Renew; false when the lease was lost (taken over, or deleted). */
  async renew(signal?: AbortSignal): Promise<boolean> {
    if (!this.state) return false;
    try {
      this.state = decode(
        await this.kube.update(
          this.body(this.state.resourceVersion, this.state.transitions, this.acquiredAt),
          signal,
        ),
      );
      return true;
    } catch (err) {
      if (err instanceof KubeApiError && (err.stale || err.notFound)) {
        this.state = undefined;
        return false;
      }
      throw err;
    }
  }

  /** Give the lease up (others may take it at once); a lost lease is left alone. */
  async release(signal?: AbortSignal): Promise<void> {
    if (!this.state) return;
    const rv = this.state.resourceVersion;
    this.state = undefined;
    const released = {
      ...this.address(),
      metadata: { ...this.address().metadata, resourceVersion: rv },
      spec: { holderIdentity: '', leaseDurationSeconds: Math.max(1, Math.ceil(this.durationMs / 1000)) },
    };
    await this.kube.update(released, signal).catch((err: unknown) => {
      if (!(err instanceof KubeApiError && (err.stale || err.notFound))) throw err;
    });
  }

  get held(): boolean {
    return this.state !== undefined;
  }
}
