import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';

export interface ProbeOptions {
  /** @default 0 */
  readonly initialDelaySeconds?: number;
  /** @default 10 */
  readonly periodSeconds?: number;
  /** @default 3 */
  readonly failureThreshold?: number;
  /** @default 1 */
  readonly timeoutSeconds?: number;
}

export type ProbeSpec =
  | { readonly type: 'http'; readonly path: string; readonly port?: number }
  | { readonly type: 'tcp'; readonly port?: number }
  | { readonly type: 'command'; readonly command: readonly string[] }
  | { readonly type: 'disabled' };

/** A health probe. `Probe.disabled()` says, explicitly, that a component has none. */
export class Probe {
  /** HTTP GET on `path`; the port defaults to the component's container port. */
  static http(path: string, opts: ProbeOptions & { readonly port?: number } = {}): Probe {
    return new Probe({ type: 'http', path, port: opts.port }, opts);
  }

  static tcp(opts: ProbeOptions & { readonly port?: number } = {}): Probe {
    return new Probe({ type: 'tcp', port: opts.port }, opts);
  }

  static command(command: readonly string[], opts: ProbeOptions = {}): Probe {
    return new Probe({ type: 'command', command }, opts);
  }

  /** No probe. On a WebService the synth-time check rejects this unless the environment relaxes it. */
  static disabled(): Probe {
    return new Probe({ type: 'disabled' }, {});
  }

  private constructor(
    readonly spec: ProbeSpec,
    private readonly opts: ProbeOptions,
  ) {}

  get enabled(): boolean {
    return this.spec.type !== 'disabled';
  }

  /** The cdk8s-plus probe, or undefined when disabled. */
  toPlus(defaultPort: number | undefined): kplus.Probe | undefined {
    const o = {
      initialDelaySeconds: Duration.seconds(this.opts.initialDelaySeconds ?? 0),
      periodSeconds: Duration.seconds(this.opts.periodSeconds ?? 10),
      failureThreshold: this.opts.failureThreshold ?? 3,
      timeoutSeconds: Duration.seconds(this.opts.timeoutSeconds ?? 1),
    };
    switch (this.spec.type) {
      case 'http':
        return kplus.Probe.fromHttpGet(this.spec.path, { ...o, port: this.spec.port ?? defaultPort });
      case 'tcp':
        return kplus.Probe.fromTcpSocket({ ...o, port: this.spec.port ?? defaultPort });
      case 'command':
        return kplus.Probe.fromCommand([...this.spec.command], o);
      case 'disabled':
        return undefined;
    }
  }
}
