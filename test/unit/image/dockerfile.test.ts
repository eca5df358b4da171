/**
 * The operator image (Dockerfile) cannot be built on this machine (no Docker engine), so these
 * tests check what can be checked without building it: it copies the operator's files and no
 * authoring code, everything the operator imports is inside what it copies, the packages the
 * operator imports survive `npm ci --omit=dev`, the entry exists, and its user is the one the
 * Deployment runs as.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { synthAll } from '../../../constructs/synth';
import { allEnvironments } from '../../../environments';
import { find, loose, objectsOf } from '../constructs/helpers';

const ROOT = path.join(__dirname, '..', '..', '..');
const text = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
/** Instructions with continuation lines joined, comments dropped, each with the stage it is in. */
const instructions = (() => {
  let stage = -1;
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [op, ...rest] = l.split(/\s+/);
      if (op.toUpperCase() === 'FROM') stage++;
      return { op: op.toUpperCase(), args: rest.join(' '), stage };
    });
})();
const finalStage = Math.max(...instructions.map((i) => i.stage));
/** Instructions of the image itself (the last stage); `build` for the build stage's. */
const all = (op: string, stage: 'image' | 'build' = 'image') =>
  instructions
    .filter((i) => i.op === op && (stage === 'image' ? i.stage === finalStage : i.stage < finalStage))
    .map((i) => i.args);

/** Sources of every COPY of the repository's files into the image (the last word is the destination). */
const copied = all('COPY')
  .filter((args) => !args.startsWith('--from='))
  .flatMap((args) => args.split(/\s+/).slice(0, -1));
const envOf = (stage: 'image' | 'build') =>
  Object.fromEntries(
    all('ENV', stage).flatMap((args) => [...args.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1], m[2]])),
  );
const inImage = (file: string) =>
  copied.some((src) => {
    const rel = path.relative(path.join(ROOT, src), file);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  });

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : /\.(ts|js)$/.test(e.name) ? [p] : [];
  });
}

/** Import and require specifiers of a source file. */
function specifiers(file: string): string[] {
  const src = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of src.matchAll(/(?:from\s+|require\(\s*|import\(\s*)['"]([^'"]+)['"]/g)) out.push(m[1]);
  return out;
}

function resolveLocal(from: string, spec: string): string | undefined {
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.js`, path.join(base, 'index.ts')])
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  return undefined;
}

/**
 * Loaded lazily, by commands the operator image does not serve: bin/ferry.js registers
 * constructs/cli (`ferry synth`) only when it exists, and `ferry cluster up` (operator/cli/cluster.ts)
 * runs the local control plane of tools/.
 */
const NOT_IN_IMAGE = ['constructs', 'tools'];

describe('the operator Dockerfile', () => {
  it('builds on Node 22 and runs `node bin/ferry.js operator` as a numeric non-root user', () => {
    expect(text).toMatch(/^ARG NODE_IMAGE=node:22-bookworm-slim$/m);
    expect(all('FROM')).toEqual(['${NODE_IMAGE}']);
    expect(all('FROM', 'build')).toEqual(['${GO_IMAGE} AS pulumi']);
    expect(all('ENTRYPOINT')).toEqual(['["node", "bin/ferry.js"]']);
    expect(all('CMD')).toEqual(['["operator"]']);
    expect(fs.existsSync(path.join(ROOT, 'bin', 'ferry.js'))).toBe(true);
    expect(all('USER')).toEqual(['1000:1000']);
  });

  it('copies neither constructs/ nor environments/ (the operator image carries no cdk8s)', () => {
    expect(copied.length).toBeGreaterThan(0);
    for (const src of copied) {
      expect(src).not.toMatch(/^(\.\/?|constructs\/?|environments\/?)$/);
      expect(fs.existsSync(path.join(ROOT, src))).toBe(true);
    }
    expect(copied.some((s) => /constructs|environments|tools|test/.test(s))).toBe(false);
    // npm ci installs them as dependencies of `ferry synth`; the image removes them.
    expect(all('RUN').join('\n')).toMatch(
      /npm ci --omit=dev[^\n]*rm -rf node_modules\/cdk8s node_modules\/cdk8s-plus-28 node_modules\/constructs/,
    );
  });

  it('holds every file the operator and its entry import', () => {
    const entry = path.join(ROOT, 'bin', 'ferry.js');
    const seen = new Set<string>();
    const queue = [entry, path.join(ROOT, 'operator', 'cli', 'main.ts')];
    const outside: string[] = [];
    while (queue.length) {
      const file = queue.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      if (!inImage(file)) outside.push(path.relative(ROOT, file));
      if (!/\.(ts|js)$/.test(file)) continue;
      for (const spec of specifiers(file).filter((s) => s.startsWith('.'))) {
        const target = resolveLocal(file, spec);
        if (target && !NOT_IN_IMAGE.some((dir) => target.startsWith(path.join(ROOT, dir))))
          queue.push(target);
      }
    }
    expect(seen.size).toBeGreaterThan(50);
    expect(outside).toEqual([]);
  });

  it('keeps the packages the operator imports (production dependencies, none of them cdk8s)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const packages = new Set<string>();
    for (const file of [...filesUnder(path.join(ROOT, 'operator')), path.join(ROOT, 'bin', 'ferry.js')]) {
      for (const spec of specifiers(file)) {
        if (spec.startsWith('.') || spec.startsWith('node:')) continue;
        packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
      }
    }
    expect([...packages].sort()).toEqual(expect.arrayContaining(['@kubernetes/client-node', 'tsx']));
    for (const p of packages) expect(Object.keys(pkg.dependencies)).toContain(p);
    for (const p of ['cdk8s', 'cdk8s-plus-28', 'constructs']) expect(packages.has(p)).toBe(false);
  });

  it('carries the pulumi toolchain, built by tools/ at the pinned versions, where the operator finds it', () => {
    const versions = fs.readFileSync(path.join(ROOT, 'tools', 'versions.env'), 'utf8');
    const goMin = /^GO_MIN_VERSION=(\d+)\.(\d+)/m.exec(versions)!;
    const goImage = /^ARG GO_IMAGE=golang:(\d+)\.(\d+)-/m.exec(text);
    expect(goImage).not.toBeNull();
    expect(Number(goImage![1]) * 1000 + Number(goImage![2])).toBeGreaterThanOrEqual(
      Number(goMin[1]) * 1000 + Number(goMin[2]),
    );
    expect(all('COPY', 'build')).toEqual(['tools/ ./tools/']);
    expect(all('RUN', 'build').join('\n')).toMatch(
      /tools\/build\.sh --only pulumi && bash tools\/image-pulumi\.sh \/pulumi/,
    );
    for (const script of ['build.sh', 'image-pulumi.sh', 'paths.sh', 'versions.env'])
      expect(fs.existsSync(path.join(ROOT, 'tools', script))).toBe(true);
    const fromBuild = all('COPY').filter((args) => args.startsWith('--from=pulumi'));
    expect(fromBuild).toEqual(['--from=pulumi /pulumi/ /opt/pulumi/bin/']);
    expect(envOf('image').FERRY_PULUMI_BIN_DIR).toBe('/opt/pulumi/bin');
  });

  it("gives pulumi a writable PULUMI_HOME on the Deployment's read-only root filesystem", () => {
    const objs = objectsOf(synthAll(allEnvironments(), null).find((o) => o.name === 'ferry-system')!);
    const container = loose(find(objs, 'Deployment', 'ferry-operator')).spec.template.spec.containers[0];
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    const home = (container.env as { name: string; value?: string }[]).find((e) => e.name === 'PULUMI_HOME');
    expect(home?.value).toBeDefined();
    const mounts = (container.volumeMounts as { mountPath: string }[]).map((m) => m.mountPath);
    expect(mounts.some((m) => home!.value!.startsWith(`${m}/`))).toBe(true);
  });

  it('runs as the user the Deployment names', () => {
    const objs = objectsOf(synthAll(allEnvironments(), null).find((o) => o.name === 'ferry-system')!);
    const pod = loose(find(objs, 'Deployment', 'ferry-operator')).spec.template.spec;
    expect(all('USER')).toEqual([`${pod.securityContext.runAsUser}:${pod.securityContext.runAsGroup}`]);
  });
});
