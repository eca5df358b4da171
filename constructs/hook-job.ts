/** A Job run as a sync hook; MigrationJob and SmokeTest are its two shapes. */
import * as kplus from 'cdk8s-plus-28';
import { Duration } from 'cdk8s';
import type { Construct } from 'constructs';
import { Component, type ComponentProps } from './component';
import { applySync, type Hook, type HookDeletePolicy } from './sync';
import { containerProps, podProps, workloadProblems, type WorkloadProps } from './workload';

export interface HookJobProps extends ComponentProps, WorkloadProps {
  /** Retries before the hook (and the sync) fails. @default 1 */
  readonly backoffLimit?: number;
  /** @default 600 */
  readonly activeDeadlineSeconds?: number;
  /** When the operator deletes the Job. @default ['BeforeHookCreation'] */
  readonly deletePolicies?: readonly HookDeletePolicy[];
}

export abstract class HookJob extends Component {
  readonly job: kplus.Job;

  constructor(
    scope: Construct,
    name: string,
    readonly props: HookJobProps,
    phase: Hook['phases'][number],
  ) {
    super(scope, name, props);
    this.reportAll(workloadProblems(props));
    const backoff = props.backoffLimit ?? 1;
    if (!Number.isInteger(backoff) || backoff < 0)
      this.report('backoffLimit', `(${backoff}) must be an integer >= 0`);
    this.job = new kplus.Job(this, 'job', {
      metadata: { name },
      backoffLimit: backoff,
      activeDeadline: Duration.seconds(props.activeDeadlineSeconds ?? 600),
      podMetadata: { labels: this.selectorLabels },
      ...podProps(),
      containers: [containerProps(this, name, props)],
    });
    // A hook runs before (PreSync) or after the Sync phase: the ConfigMaps it reads must exist
    // by then, so they are its dependencies (the plan applies them in the hook's phase).
    const ns = this.env.targetNamespace;
    applySync(this.job, {
      hook: { phases: [phase], deletePolicies: props.deletePolicies ?? ['BeforeHookCreation'] },
      dependsOn: (props.configFrom ?? []).map((name) => ({
        group: '',
        kind: 'ConfigMap',
        namespace: ns,
        name,
      })),
    });
  }

  override get version(): string {
    return this.props.image.tag;
  }
}
