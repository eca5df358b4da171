/**
 * The benchmark's environments module: BENCH_ENVS environments × BENCH_SERVICES services, each
 * service a Deployment + Service + HorizontalPodAutoscaler (the layout of the peers).
 */
import { Environment, Image, Probe, Sizing, WebService, type EnvironmentChart } from '../../constructs';

const SERVICES = Number(process.env.BENCH_SERVICES ?? 100);
const ENVS = Number(process.env.BENCH_ENVS ?? 10);

class BenchEnv extends Environment {
  readonly platform = 'bench';
  readonly sizing = Sizing.medium();
  readonly destination: { cluster: string; namespace: string };

  constructor(
    readonly name: string,
    private readonly index: number,
  ) {
    super();
    this.destination = { cluster: 'local', namespace: name };
  }

  build(chart: EnvironmentChart): void {
    for (let s = 0; s < SERVICES; s++) {
      new WebService(chart, `svc-${s}`, {
        image: Image.of(`registry.example.com/svc-${s}`, `1.${this.index}.${s}`),
        readiness: Probe.http('/ready'),
        autoscaling: { minReplicas: 1, maxReplicas: 5 },
        disruptionBudget: false,
        serviceAccount: false,
      });
    }
  }
}

export function allEnvironments(): Environment[] {
  return Array.from({ length: ENVS }, (_, i) => new BenchEnv(`env-${i}`, i));
}
