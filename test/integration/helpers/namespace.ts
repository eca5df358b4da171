/** A fresh namespace per test file, created before its tests and deleted after them. */
import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import { kubectl } from './kubectl';

export interface TestNamespace {
  /** The namespace's name; read it inside tests or hooks (it exists from beforeAll on). */
  readonly name: string;
}

function slug(text: string, max: number): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/g, '');
}

/** `t-<file>-<random>`, at most 63 characters. */
export function namespaceName(label: string): string {
  return `t-${slug(label, 48) || 'test'}-${randomBytes(4).toString('hex')}`;
}

/**
 * Call at the top of a test file (or describe block): registers a beforeAll that creates
 * namespace `t-<file>-<random>` and an afterAll that deletes it (without waiting for finalization).
 */
export function freshNamespace(label?: string): TestNamespace {
  const file = expect.getState().testPath;
  const name = namespaceName(label ?? (file ? basename(file).replace(/\.test\.ts$/, '') : 'test'));
  beforeAll(async () => {
    await kubectl(['create', 'namespace', name]);
  });
  afterAll(async () => {
    await kubectl(['delete', 'namespace', name, '--wait=false', '--ignore-not-found']);
  });
  return { name };
}
