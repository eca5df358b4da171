/**
 * An HTTP service: Deployment + Service + ServiceAccount + PodDisruptionBudget, optionally an
 * Ingress, a HorizontalPodAutoscaler, a NetworkPolicy and a PreSync migration Job.
 */
import * as kplus from 'cdk8s-plus-28';
import { k8s } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import { addAutoscaler, autoscalingProblems, type Autoscaling } from './autoscaling';
import { Component, type ComponentProps } from './component';
import { MigrationJob } from './migration-job';
import type { Probe } from './probe';
import { applySync, type SyncSettings } from './sync';
import { containerProps, podProps, workloadProblems, type WorkloadProps } from './workload';

export interface IngressSpec {
  /** Host names routed to this service. */
  readonly hosts: readonly string[];
  /** Name of an existing TLS Secret for the hosts. @default no TLS */
  readonly tlsSecret?: string;
  /** Path prefixes. @default ['/'] */
  readonly paths?: readonly string[];
  /** @default the cluster's default IngressClass */
  readonly className?: string;
}

export interface NetworkAllowlist {
  /** Namespaces whose pods may connect. @default none */
  readonly namespaces?: readonly string[];
  /** Source CIDRs allowed to connect (e.g. office ranges). @default none */
  readonly cidrs?: readonly string[];
}

export interface DisruptionBudget {
  readonly maxUnavailable: number | `${number}%`;
}

export interface WebServiceProps extends ComponentProps, WorkloadProps {
  /** Container port. @default 8080 */
  readonly port?: number;
  /** Service port. @default 80 */
  readonly servicePort?: number;
  /** Required: say `Probe.disabled()` to run without one (the environment must relax the check). */
  readonly readiness: Probe;
  /** @default none */
  readonly liveness?: Probe;
  /** Replicas when not autoscaled. @default 2 */
  readonly replicas?: number;
  /** @default not autoscaled */
  readonly autoscaling?: Autoscaling;
  /** `false` for none. @default { maxUnavailable: 1 } */
  readonly disruptionBudget?: DisruptionBudget | false;
  /** @default not exposed outside the cluster */
  readonly ingress?: IngressSpec;
  /** Ingress allowlist; the IpAllowlist policy can add CIDRs. @default no NetworkPolicy */
  readonly networkPolicy?: NetworkAllowlist;
  /** A migration run as a PreSync hook with this image. @default none */
  readonly migration?: {
    readonly command: readonly string[];
    /** @default the environment's sizing profile for jobs */
    readonly resources?: WorkloadProps['resources'];
  };
  /** A dedicated ServiceAccount (no token mounted). @default true */
  readonly serviceAccount?: boolean;
  /** @default wave 0, no dependencies */
  readonly sync?: SyncSettings;
}

const DNS_NAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

export class WebService extends Component {
  readonly kind = 'WebService' as const;
  readonly props: WebServiceProps;
  readonly deployment: kplus.Deployment;
  readonly port: number;

  constructor(scope: Construct, name: string, props: WebServiceProps) {
    super(scope, name, props);
    this.props = props;
    this.port = props.port ?? 8080;
    this.validate(props);

    const sa = props.serviceAccount === false ? undefined : this.serviceAccount();
    const container = containerProps(this, name, props);
    this.deployment = new kplus.Deployment(this, 'deployment', {
      metadata: { name },
      replicas: props.autoscaling ? undefined : (props.replicas ?? 2),
      select: false,
      spread: false,
      podMetadata: { labels: this.selectorLabels },
      serviceAccount: sa,
      ...podProps(),
      containers: [
        {
          ...container,
          ports: [{ number: this.port, name: 'http' }],
          readiness: props.readiness?.toPlus?.(this.port),
          liveness: props.liveness?.toPlus(this.port),
        },
      ],
    });
    this.deployment.select(kplus.LabelSelector.of({ labels: this.selectorLabels }));
    if (props.sync) applySync(this.deployment, props.sync);

    const service = new kplus.Service(this, 'service', {
      metadata: { name },
      ports: [{ port: props.servicePort ?? 80, targetPort: this.port, name: 'http' }],
    });

    for (const [k, v] of Object.entries(this.selectorLabels)) service.selectLabel(k, v);

    if (props.autoscaling && autoscalingProblems(props.autoscaling).length === 0) {
      addAutoscaler(this, name, this.deployment, props.autoscaling);
    }
    if (props.disruptionBudget !== false) {
      const maxUnavailable = props.disruptionBudget?.maxUnavailable ?? 1;
      new k8s.KubePodDisruptionBudget(this, 'pdb', {
        metadata: { name },
        spec: {
          maxUnavailable:
            typeof maxUnavailable === 'number'
              ? k8s.IntOrString.fromNumber(maxUnavailable)
              : k8s.IntOrString.fromString(maxUnavailable),
          selector: { matchLabels: this.selectorLabels },
        },
      });
    }
    if (props.ingress) this.ingress(service, props.ingress);
    if (props.networkPolicy) this.networkPolicy(props.networkPolicy);
    if (props.migration) {
      new MigrationJob(this, `${name}-migrate`, {
        team: props.team,
        image: props.image,
        command: props.migration.command,
        env: props.env,
        configFrom: props.configFrom,
        secretsFrom: props.secretsFrom,
        resources: props.migration.resources,
      });
    }
  }

  override get version(): string {
    return this.props.image.tag;
  }

  private validate(props: WebServiceProps): void {
    this.reportAll(workloadProblems(props));
    if (!props.readiness || typeof props.readiness.toPlus !== 'function') {
      this.report(
        'readiness',
        'is required: Probe.http(path), Probe.tcp() or Probe.command([...]); or Probe.disabled() with the check "readiness-probe" relaxed',
      );
    }
    if (props.autoscaling) for (const [f, p] of autoscalingProblems(props.autoscaling)) this.report(f, p);
    if (props.replicas !== undefined && (!Number.isInteger(props.replicas) || props.replicas < 0)) {
      this.report('replicas', `(${props.replicas}) must be an integer >= 0`);
    }
    for (const [field, port] of [
      ['port', this.port],
      ['servicePort', props.servicePort ?? 80],
    ] as const) {
      if (!Number.isInteger(port) || port < 1 || port > 65535)
        this.report(field, `(${port}) must be 1-65535`);
    }
    if (props.ingress) {
      if (props.ingress.hosts.length === 0) this.report('ingress.hosts', 'at least one host is required');
      for (const h of props.ingress.hosts) {
        if (!DNS_NAME.test(h)) this.report('ingress.hosts', `"${h}" is not a valid host name`);
      }
      for (const p of props.ingress.paths ?? []) {
        if (!p.startsWith('/')) this.report('ingress.paths', `"${p}" must start with /`);
      }
    }
    for (const c of props.networkPolicy?.cidrs ?? []) {
      if (!isCidr(c)) this.report('networkPolicy.cidrs', `"${c}" is not an IPv4 CIDR`);
    }
  }

  private serviceAccount(): kplus.ServiceAccount {
    return new kplus.ServiceAccount(this, 'service-account', {
      metadata: { name: this.name },
      automountToken: false,
    });
  }

  private ingress(service: kplus.Service, spec: IngressSpec): void {
    const ing = new kplus.Ingress(this, 'ingress', {
      metadata: { name: this.name },
      className: spec.className,
    });
    const backend = kplus.IngressBackend.fromService(service);
    for (const host of spec.hosts) {
      for (const path of spec.paths ?? ['/'])
        ing.addHostRule(host, path, backend, kplus.HttpIngressPathType.PREFIX);
    }
    if (spec.tlsSecret) {
      ing.addTls([
        { hosts: [...spec.hosts], secret: kplus.Secret.fromSecretName(this, 'tls', spec.tlsSecret) },
      ]);
    }
  }

  private networkPolicy(allow: NetworkAllowlist): void {
    const from: k8s.NetworkPolicyPeer[] = [
      ...(allow.namespaces ?? []).map((ns) => ({
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } },
      })),
      ...(allow.cidrs ?? []).map((cidr) => ({ ipBlock: { cidr } })),
    ];
    new k8s.KubeNetworkPolicy(this, 'network-policy', {
      metadata: { name: this.name },
      spec: {
        podSelector: { matchLabels: this.selectorLabels },
        policyTypes: ['Ingress'],
        ingress: [{ from, ports: [{ port: k8s.IntOrString.fromNumber(this.port), protocol: 'TCP' }] }],
      },
    });
  }
}

export function isCidr(c: string): boolean {
  const m = CIDR.exec(c);
  return !!m && m.slice(1, 5).every((o) => Number(o) <= 255) && Number(m[5]) <= 32;
}
