/**
 * KWOK's configuration: the `Stage` objects that drive fake node and pod lifecycles. The kwok
 * binary ships no stages of its own, so these are ours, kept to what the control plane needs:
 *
 * - node-ready:     a new node gets phase Running, Ready (and no-pressure) conditions, addresses.
 * - node-heartbeat: refreshes the condition heartbeats every ~30 s (the lease is renewed by kwok).
 * - pod-running:    a scheduled pod gets an IP, Running phase, Ready conditions, running containers.
 * - pod-succeeded:  a running pod owned by a Job terminates with exit code 0 (so Jobs complete).
 * - pod-deleted:    a pod marked for deletion loses its finalizers and is deleted (no kubelet).
 *
 * Templates are Go templates over the object, with kwok's functions (Now, Quote, NodeIP,
 * NodeConditions, NodeIPWith, PodIPWith) and sprig's (list).
 */

const NODE_CONDITIONS = `conditions:
{{ range NodeConditions }}
- type: {{ .type | Quote }}
  status: {{ .status | Quote }}
  reason: {{ .reason | Quote }}
  message: {{ .message | Quote }}
  lastHeartbeatTime: {{ $now | Quote }}
  lastTransitionTime: {{ $since | Quote }}
{{ end }}`;

const NODE_READY = `{{ $now := Now }}
{{ $since := or .metadata.creationTimestamp $now }}
phase: Running
${NODE_CONDITIONS}
addresses:
- type: InternalIP
  address: {{ NodeIP | Quote }}
- type: Hostname
  address: {{ .metadata.name | Quote }}`;

const NODE_HEARTBEAT = `{{ $now := Now }}
{{ $since := or .metadata.creationTimestamp $now }}
${NODE_CONDITIONS}`;

const POD_RUNNING = `{{ $now := Now }}
{{ $hostIP := NodeIPWith .spec.nodeName }}
{{ $podIP := PodIPWith .spec.nodeName ( or .spec.hostNetwork false ) ( or .metadata.uid "" ) ( or .metadata.name "" ) ( or .metadata.namespace "" ) }}
phase: Running
startTime: {{ $now | Quote }}
hostIP: {{ $hostIP | Quote }}
hostIPs:
- ip: {{ $hostIP | Quote }}
podIP: {{ $podIP | Quote }}
podIPs:
- ip: {{ $podIP | Quote }}
conditions:
{{ range list "PodReadyToStartContainers" "Initialized" "ContainersReady" "Ready" "PodScheduled" }}
- type: {{ . | Quote }}
  status: "True"
  lastTransitionTime: {{ $now | Quote }}
{{ end }}
{{ with .spec.initContainers }}
initContainerStatuses:
{{ range . }}
- name: {{ .name | Quote }}
  image: {{ .image | Quote }}
  ready: true
  restartCount: 0
  state:
    terminated:
      exitCode: 0
      reason: Completed
      startedAt: {{ $now | Quote }}
      finishedAt: {{ $now | Quote }}
{{ end }}
{{ end }}
containerStatuses:
{{ range .spec.containers }}
- name: {{ .name | Quote }}
  image: {{ .image | Quote }}
  ready: true
  started: true
  restartCount: 0
  state:
    running:
      startedAt: {{ $now | Quote }}
{{ end }}`;

const POD_SUCCEEDED = `{{ $now := Now }}
{{ $started := or .status.startTime $now }}
phase: Succeeded
conditions:
{{ range list "ContainersReady" "Ready" }}
- type: {{ . | Quote }}
  status: "False"
  reason: PodCompleted
  lastTransitionTime: {{ $now | Quote }}
{{ end }}
containerStatuses:
{{ range .spec.containers }}
- name: {{ .name | Quote }}
  image: {{ .image | Quote }}
  ready: false
  started: false
  restartCount: 0
  state:
    terminated:
      exitCode: 0
      reason: Completed
      startedAt: {{ $started | Quote }}
      finishedAt: {{ $now | Quote }}
{{ end }}`;

interface Expression {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values?: readonly string[];
}

interface StageDef {
  readonly name: string;
  readonly kind: 'Node' | 'Pod';
  readonly match: readonly Expression[];
  readonly delayMs?: number;
  readonly jitterMs?: number;
  readonly next: Record<string, unknown>;
}

const STAGES: readonly StageDef[] = [
  {
    name: 'ferry-node-ready',
    kind: 'Node',
    match: [{ key: '.status.phase', operator: 'NotIn', values: ['Running'] }],
    next: { statusTemplate: NODE_READY },
  },
  {
    name: 'ferry-node-heartbeat',
    kind: 'Node',
    match: [{ key: '.status.phase', operator: 'In', values: ['Running'] }],
    delayMs: 25_000,
    jitterMs: 30_000,
    next: { statusTemplate: NODE_HEARTBEAT },
  },
  {
    name: 'ferry-pod-running',
    kind: 'Pod',
    match: [
      { key: '.metadata.deletionTimestamp', operator: 'DoesNotExist' },
      { key: '.status.podIP', operator: 'DoesNotExist' },
    ],
    next: { statusTemplate: POD_RUNNING },
  },
  {
    name: 'ferry-pod-succeeded',
    kind: 'Pod',
    match: [
      { key: '.metadata.deletionTimestamp', operator: 'DoesNotExist' },
      { key: '.status.phase', operator: 'In', values: ['Running'] },
      { key: '.metadata.ownerReferences.[].kind', operator: 'In', values: ['Job'] },
    ],
    delayMs: 500,
    next: { statusTemplate: POD_SUCCEEDED },
  },
  {
    name: 'ferry-pod-deleted',
    kind: 'Pod',
    match: [{ key: '.metadata.deletionTimestamp', operator: 'Exists' }],
    next: { finalizers: { empty: true }, delete: true },
  },
];

function stageObject(s: StageDef): Record<string, unknown> {
  const delay =
    s.delayMs === undefined
      ? {}
      : {
          delay: {
            durationMilliseconds: s.delayMs,
            ...(s.jitterMs ? { jitterDurationMilliseconds: s.jitterMs } : {}),
          },
        };
  return {
    apiVersion: 'kwok.x-k8s.io/v1alpha1',
    kind: 'Stage',
    metadata: { name: s.name },
    spec: {
      resourceRef: { apiGroup: 'v1', kind: s.kind },
      selector: { matchExpressions: s.match },
      ...delay,
      next: s.next,
    },
  };
}

/** The multi-document YAML passed to `kwok --config`. JSON is valid YAML, one document each. */
export function kwokConfig(): string {
  const docs = [
    {
      apiVersion: 'config.kwok.x-k8s.io/v1alpha1',
      kind: 'KwokConfiguration',
      // Given explicitly: with a config file kwok does not apply its defaults to these.
      options: {
        podPlayStageParallelism: 8,
        nodePlayStageParallelism: 2,
        nodeLeaseParallelism: 2,
        podsOnNodeSyncParallelism: 2,
        nodeLeaseDurationSeconds: 40,
      },
    },
    ...STAGES.map(stageObject),
  ];
  return docs.map((d) => `---\n${JSON.stringify(d, null, 2)}\n`).join('');
}
