/**
 * `plaintext-secret`: secrets are only ever referenced. Literal env values, container args and
 * ConfigMap data are checked for secret-looking names and values (./secret-detection.ts).
 */
import { containersOf, podSpecOf, type ContainerJson } from '../../kube-object';
import { refOf, type Check, type CheckFinding } from './check';
import { secretValueKind, secretWordIn } from './secret-detection';

const FIX_ENV = 'reference a Secret with EnvVar.fromSecret(secret, key) instead';
const FIX_CONFIG = 'move it to a Secret and reference it with EnvVar.fromSecret(secret, key)';
const RELAX = 'or relax the check "plaintext-secret" on the component with a reason';

function why(name: string | undefined, value: string): string | undefined {
  const word = name === undefined ? undefined : secretWordIn(name);
  if (word && value !== '') return `the name says ${word}`;
  const kind = secretValueKind(value);
  return kind && `the value looks like ${kind}`;
}

function containerFindings(prefix: string, c: ContainerJson): CheckFinding[] {
  const out: CheckFinding[] = [];
  const flag = (field: string, reason: string) =>
    out.push({
      field: `${prefix} ${field}`,
      problem: `is a secret in plain text (${reason}); ${FIX_ENV}, ${RELAX}`,
    });
  for (const e of (c.env ?? []) as Array<{ name: string; value?: unknown }>) {
    if (typeof e.value !== 'string') continue;
    const reason = why(e.name, e.value);
    if (reason) flag(`env.${e.name}`, reason);
  }
  const args = [...((c.command as string[] | undefined) ?? []), ...((c.args as string[] | undefined) ?? [])];
  const argField = (i: number) => {
    const nCommand = ((c.command as string[] | undefined) ?? []).length;
    return i < nCommand ? `command[${i}]` : `args[${i - nCommand}]`;
  };
  args.forEach((arg, i) => {
    if (typeof arg !== 'string') return;
    const eq = /^--?([A-Za-z0-9_.-]+)=(.*)$/s.exec(arg);
    const previous = i > 0 ? /^--?([A-Za-z0-9_.-]+)$/.exec(args[i - 1] ?? '') : null;
    const reason = eq ? why(eq[1], eq[2]!) : why(previous?.[1], arg);
    if (reason) flag(argField(i), reason);
  });
  return out;
}

export const PLAINTEXT_SECRET: Check = {
  name: 'plaintext-secret',
  check(obj) {
    if (obj.kind === 'ConfigMap') {
      const data = (obj.data ?? {}) as Record<string, unknown>;
      return Object.entries(data).flatMap(([key, value]) => {
        const reason = typeof value === 'string' ? why(key, value) : undefined;
        return reason
          ? [
              {
                field: `${refOf(obj)} data.${key}`,
                problem: `is a secret in plain text (${reason}); ${FIX_CONFIG}, ${RELAX}`,
              },
            ]
          : [];
      });
    }
    const pod = podSpecOf(obj);
    if (!pod) return [];
    return containersOf(pod).flatMap((c) => containerFindings(`${refOf(obj)} container ${c.name}`, c));
  },
};
