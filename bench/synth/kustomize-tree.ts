/**
 * The Kustomize peer: a base with a Deployment, Service and HPA per service, and one overlay per
 * environment setting the namespace, every image tag and two JSON patches per service.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export function writeKustomizeTree(root: string, services: number, envs: number): string[] {
  const base = path.join(root, 'base');
  fs.mkdirSync(base, { recursive: true });
  const resources: string[] = [];
  for (let s = 0; s < services; s++) {
    const n = `svc-${s}`;
    const file = `${n}.yaml`;
    resources.push(file);
    fs.writeFileSync(
      path.join(base, file),
      `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${n}
  labels: { app.kubernetes.io/name: ${n} }
spec:
  replicas: 1
  selector: { matchLabels: { app.kubernetes.io/name: ${n} } }
  template:
    metadata: { labels: { app.kubernetes.io/name: ${n} } }
    spec:
      securityContext: { runAsNonRoot: true }
      containers:
        - name: ${n}
          image: registry.example.com/${n}:0.0.0
          ports: [{ containerPort: 8080 }]
          readinessProbe: { httpGet: { path: /ready, port: 8080 } }
          resources:
            requests: { cpu: 100m, memory: 128Mi }
            limits: { cpu: 200m, memory: 256Mi }
---
apiVersion: v1
kind: Service
metadata: { name: ${n} }
spec:
  selector: { app.kubernetes.io/name: ${n} }
  ports: [{ port: 80, targetPort: 8080 }]
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: ${n} }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: ${n} }
  minReplicas: 1
  maxReplicas: 5
  metrics:
    - type: Resource
      resource: { name: cpu, target: { type: Utilization, averageUtilization: 70 } }
`,
    );
  }
  fs.writeFileSync(
    path.join(base, 'kustomization.yaml'),
    `resources:\n${resources.map((r) => `  - ${r}`).join('\n')}\n`,
  );

  const overlays: string[] = [];
  for (let e = 0; e < envs; e++) {
    const dir = path.join(root, 'overlays', `env-${e}`);
    fs.mkdirSync(dir, { recursive: true });
    const images = [];
    const patches = [];
    for (let s = 0; s < services; s++) {
      images.push(`  - name: registry.example.com/svc-${s}\n    newTag: 1.${e}.${s}`);
      patches.push(`  - target: { kind: HorizontalPodAutoscaler, name: svc-${s} }
    patch: |-
      - op: replace
        path: /spec/maxReplicas
        value: ${5 + e}
  - target: { kind: Deployment, name: svc-${s} }
    patch: |-
      - op: add
        path: /metadata/labels/ferry.dev~1env
        value: env-${e}`);
    }
    fs.writeFileSync(
      path.join(dir, 'kustomization.yaml'),
      `namespace: env-${e}\nresources:\n  - ../../base\nimages:\n${images.join('\n')}\npatches:\n${patches.join('\n')}\n`,
    );
    overlays.push(dir);
  }
  return overlays;
}
