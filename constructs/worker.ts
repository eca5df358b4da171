/** A background worker (e.g. a queue consumer): a Deployment without a Service, optionally autoscaled. */
import * as kplus from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import { addAutoscaler, autoscalingProblems, type Autoscaling } from './autoscaling';
import { Component, type ComponentProps } from './component';
import type { Probe } from './probe';
import { applySync, type SyncSettings } from './sync';
import { containerProps, podProps, workloadProblems, type WorkloadProps } from './workload';

export interface WorkerProps extends ComponentProps, WorkloadProps {
  /** Replicas when not autoscaled. @default 1 */
  readonly replicas?: number;
  /** @default not autoscaled */
  readonly autoscaling?: Autoscaling;
  /** @default none */
  readonly liveness?: Probe;
  /** @default wave 0, no dependencies */
  readonly sync?: SyncSettings;
}

export class Worker extends Component {
  readonly kind = 'Worker' as const;
  readonly deployment: kplus.Deployment;

  constructor(
    scope: Construct,
    name: string,
    readonly props: WorkerProps,
  ) {
    super(scope, name, props);
    this.reportAll(workloadProblems(props));
    if (props.autoscaling) for (const [f, p] of autoscalingProblems(props.autoscaling)) this.report(f, p);
    if (props.replicas !== undefined && (!Number.isInteger(props.replicas) || props.replicas < 0)) {
      this.report('replicas', `(${props.replicas}) must be an integer >= 0`);
    }
    this.deployment = new kplus.Deployment(this, 'deployment', {
      metadata: { name },
      replicas: props.autoscaling ? undefined : (props.replicas ?? 1),
      select: false,
      spread: false,
      podMetadata: { labels: this.selectorLabels },
      ...podProps(),
      containers: [{ ...containerProps(this, name, props), liveness: props.liveness?.toPlus(undefined) }],
    });
    this.deployment.select(kplus.LabelSelector.of({ labels: this.selectorLabels }));
    if (props.sync) applySync(this.deployment, props.sync);
    if (props.autoscaling && autoscalingProblems(props.autoscaling).length === 0) {
      addAutoscaler(this, name, this.deployment, props.autoscaling);
    }
  }

  override get version(): string {
    return this.props.image.tag;
  }
}
