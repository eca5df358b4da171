/**
 * The raw cdk8s-plus-28 peer: the same objects (Deployment + Service + HPA per service, one chart
 * per environment), synthesised with `app.synth()` to files.
 */
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';

const SERVICES = Number(process.env.BENCH_SERVICES ?? 100);
const ENVS = Number(process.env.BENCH_ENVS ?? 10);
const app = new App({ outdir: process.argv[2] ?? 'dist-raw' });
for (let e = 0; e < ENVS; e++) {
  const chart = new Chart(app, `env-${e}`, { namespace: `env-${e}`, disableResourceNameHashes: true });
  for (let s = 0; s < SERVICES; s++) {
    const d = new kplus.Deployment(chart, `svc-${s}`, {
      metadata: { name: `svc-${s}` },
      containers: [
        {
          name: `svc-${s}`,
          image: `registry.example.com/svc-${s}:1.${e}.${s}`,
          portNumber: 8080,
          readiness: kplus.Probe.fromHttpGet('/ready'),
        },
      ],
    });
    d.exposeViaService({ name: `svc-${s}`, ports: [{ port: 80, targetPort: 8080 }] });
    new kplus.HorizontalPodAutoscaler(chart, `svc-${s}-hpa`, {
      metadata: { name: `svc-${s}` },
      target: d,
      minReplicas: 1,
      maxReplicas: 5,
      metrics: [kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(70))],
    });
  }
}
app.synth();
