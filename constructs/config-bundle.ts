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

export class ConfigBundle extends Component {
  readonly kind = 'ConfigBundle' as const;
  readonly configMap: kplus.ConfigMap;

  constructor(scope: Construct, name: string, props: ConfigBundleProps) {
    super(scope, name, props);
    // Secret-looking keys and values are caught by the plaintext-secret check on the ConfigMap.
    for (const [key, value] of Object.entries(props.data ?? {})) {
      if (!KEY.test(key)) this.report(`data.${key}`, 'is not a valid ConfigMap key');
      if (typeof value !== 'string') {
        this.report(
          `data.${key}`,
          `is ${value === undefined ? 'undefined' : `a ${typeof value}`}; ConfigMap values are strings`,
        );
      }
    }
    const cm = new kplus.ConfigMap(this, 'config', { metadata: { name }, data: { ...props.data } });
    this.configMap = cm;
    applySync(cm, props.sync ?? { wave: -1 });
  }
}
