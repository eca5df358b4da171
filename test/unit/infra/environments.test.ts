/**
 * The example platform's infra: which target each environment class chooses, and that every Secret
 * the catalogue references (`EnvVar.fromSecret`) is a connection Secret its infra stack creates,
 * with a key of the contract.
 */
import { infraDescriptionOf, synthEnvironment } from '../../../constructs/synth';
import { FerrySystem } from '../../../constructs';
import { allEnvironments } from '../../../environments';
import { CONNECTION_KEYS } from '../../../operator/manifests/infra-names';

// ferry-system (the operator's install) has no infra needs; its empty description is synthesised
// with the others (test/unit/environments).
const envs = allEnvironments().filter((e) => !(e instanceof FerrySystem));

describe('example platform infra', () => {
  it('chooses a target per environment class, with one stack per environment', () => {
    const summary = envs.map((e) => {
      const d = infraDescriptionOf(e);
      return [
        e.name,
        d.project,
        d.stack,
        d.target.kind,
        d.target.kind === 'local' ? d.target.storage : d.target.project,
      ];
    });
    expect(summary).toEqual([
      ['dev', 'shop', 'dev', 'local', 'persistent'],
      ['staging', 'shop', 'staging', 'local', 'persistent'],
      ['production', 'shop', 'production', 'gcp', 'acme-shop-prod'],
      ['preview-feature-login-df7c7aeb', 'shop', 'preview-feature-login-df7c7aeb', 'local', 'ephemeral'],
    ]);
  });

  it.each(envs.map((e) => [e.name, e] as const))(
    '%s: every secret reference resolves to a need',
    (_, env) => {
      const d = infraDescriptionOf(env);
      const refs = synthEnvironment(env, null)
        .files.filter(([p]) => p.startsWith('manifests/'))
        .flatMap(([, text]) => [...text.matchAll(/secretKeyRef:\n\s+key: (\S+)\n\s+name: (\S+)/g)])
        .map((m) => `${m[2]}/${m[1]}`);
      expect(refs.length).toBeGreaterThan(0);
      for (const ref of new Set(refs)) {
        const [name, key] = ref.split('/');
        const need = d.needs.find((n) => n.name === name);
        expect([ref, need?.kind]).toEqual([ref, expect.any(String)]);
        expect(CONNECTION_KEYS[need!.kind]).toContain(key);
      }
    },
  );
});
