/** Non-secret configuration: a ConfigMap, referenced by workloads through `configFrom` or `EnvVar.fromConfig`. */
import * as kplus from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import { Component, type ComponentProps } from './component';
import { applySync, type SyncSettings } from './sync';

export interface ConfigBundleProps extends ComponentProps {
  readonly data: Readonly<Record<string, string>>;
  /** @default wave -1, so config exists before the workloads that read it */
  readonly sync?: SyncSettings;
}

const KEY = /^[-._a-zA-Z0-9]+$/;
const SECRETISH = /(password|secret|token|private[-_]?key)/i;

export class ConfigBundle extends Component {
  readonly kind = 'ConfigBundle' as const;

  constructor(scope: Construct, name: string, props: ConfigBundleProps) {
    super(scope, name, props);
    for (const key of Object.keys(props.data)) {
      if (!KEY.test(key)) this.report(`data.${key}`, 'is not a valid ConfigMap key');
      if (SECRETISH.test(key))
        this.report(`data.${key}`, 'looks like a secret; reference a Secret with EnvVar.fromSecret');
    }
    const cm = new kplus.ConfigMap(this, 'config', { metadata: { name }, data: { ...props.data } });
    applySync(cm, props.sync ?? { wave: -1 });
  }
}
