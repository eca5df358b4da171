/** Controllers, scheduler and KWOK together: Deployments become available and Jobs complete. */
import { freshNamespace, kubectlApply, kubectlJson, waitFor } from '../helpers';

const ns = freshNamespace();

interface DeploymentStatus {
  status?: { availableReplicas?: number; readyReplicas?: number };
}
interface PodList {
  items: Array<{ metadata: { name: string }; spec: { nodeName?: string }; status: { phase?: string } }>;
}
interface JobStatus {
  status?: { succeeded?: number; conditions?: Array<{ type: string; status: string }> };
}

test('a 3-replica Deployment becomes 3/3 available on the KWOK node', async () => {
  const labels = { app: 'web' };
  await kubectlApply(
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: ns.name },
      spec: {
        replicas: 3,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            containers: [{ name: 'web', image: 'registry.invalid/web:1', ports: [{ containerPort: 8080 }] }],
          },
        },
      },
    },
    { namespace: ns.name },
  );

  const status = await waitFor(
    async () => {
      const d = await kubectlJson<DeploymentStatus>(['get', 'deployment', 'web'], { namespace: ns.name });
      return d.status?.availableReplicas === 3 ? d.status : undefined;
    },
    { description: `Deployment/${ns.name}/web to have 3 available replicas`, timeout: 60_000 },
  );
  expect(status.readyReplicas).toBe(3);

  const pods = await kubectlJson<PodList>(['get', 'pods', '-l', 'app=web'], { namespace: ns.name });
  expect(pods.items).toHaveLength(3);
  expect(pods.items.map((p) => [p.spec.nodeName, p.status.phase])).toEqual([
    ['kwok-node-0', 'Running'],
    ['kwok-node-0', 'Running'],
    ['kwok-node-0', 'Running'],
  ]);
});

test('a Job completes', async () => {
  await kubectlApply(
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'migrate', namespace: ns.name },
      spec: {
        backoffLimit: 0,
        template: {
          spec: {
            restartPolicy: 'Never',
            containers: [{ name: 'migrate', image: 'registry.invalid/migrate:1', command: ['true'] }],
          },
        },
      },
    },
    { namespace: ns.name },
  );

  const job = await waitFor(
    async () => {
      const j = await kubectlJson<JobStatus>(['get', 'job', 'migrate'], { namespace: ns.name });
      return j.status?.conditions?.some((c) => c.type === 'Complete' && c.status === 'True') ? j : undefined;
    },
    { description: `Job/${ns.name}/migrate to be Complete`, timeout: 60_000 },
  );
  expect(job.status?.succeeded).toBe(1);
});
