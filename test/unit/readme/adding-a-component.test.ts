/**
 * README "Adding a component" works verbatim: its code blocks are applied, exactly as written, to
 * a copy of the example platform (each block follows a `<!-- readme-apply: FILE OP "ANCHOR" -->`
 * line saying where it goes). Without the version tags, synth fails naming the place (type error
 * with --typecheck, `[dev/mailer] image.tag` without); with every step, the mailer is everywhere.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..', '..');
const NODE = path.join(ROOT, 'node_modules', '.bin', 'node');

interface Edit {
  readonly file: string;
  readonly op: 'before-last' | 'replace' | 'after';
  readonly anchor: string;
  readonly block: string;
}

function readmeEdits(): Edit[] {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(
    readme.indexOf('## Adding a component'),
    readme.indexOf('## Adding an environment'),
  );
  const edits: Edit[] = [];
  const re = /((?:<!-- readme-apply: .+ -->\n)+)```ts\n([\s\S]*?)```/g;
  for (let m = re.exec(section); m; m = re.exec(section)) {
    for (const d of m[1]!.trim().split('\n')) {
      const [, file, op, anchor] = /^<!-- readme-apply: (\S+) (before-last|replace|after) "(.*)" -->$/.exec(
        d,
      )!;
      edits.push({ file: file!, op: op as Edit['op'], anchor: anchor!, block: m[2]! });
    }
  }
  return edits;
}

function apply(root: string, e: Edit): void {
  const file = path.join(root, e.file);
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const block = e.block.replace(/\n$/, '').split('\n');
  const at =
    e.op === 'before-last' ? lines.lastIndexOf(e.anchor) : lines.findIndex((l) => l.includes(e.anchor));
  if (at < 0) throw new Error(`README anchor "${e.anchor}" not found in ${e.file}`);
  if (e.op === 'replace') lines.splice(at, 1, ...block);
  else lines.splice(e.op === 'after' ? at + 1 : at, 0, ...block);
  fs.writeFileSync(file, lines.join('\n'));
}

function synth(root: string, args: string[]) {
  const r = spawnSync(
    NODE,
    [path.join(ROOT, 'bin', 'ferry.js'), 'synth', '--app', 'environments', '--out', 'dist', ...args],
    {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, FERRY_SOURCE_COMMIT: 'a'.repeat(40) },
    },
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let copy: string;
beforeAll(() => {
  copy = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-readme-'));
  // constructs/ reads the deploy format's types and checks from operator/ (never the other way round).
  for (const d of ['constructs', 'environments', 'operator'])
    fs.cpSync(path.join(ROOT, d), path.join(copy, d), { recursive: true });
  for (const f of ['tsconfig.json', 'package.json']) fs.copyFileSync(path.join(ROOT, f), path.join(copy, f));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'));
});
afterAll(() => fs.rmSync(copy, { recursive: true, force: true }));

it('the README has the four steps, as blocks the test can apply', () => {
  expect(readmeEdits().map((e) => `${e.file} ${e.op}`)).toEqual([
    'environments/catalogue.ts before-last',
    'environments/shop-environment.ts replace',
    'environments/shop-environment.ts replace',
    'environments/shop-environment.ts replace',
    'environments/versions.ts after',
    'environments/versions.ts after',
    'environments/versions.ts after',
    'environments/staging.ts after',
  ]);
});

it('applied to a copy of the example platform, fails loudly without the tags and works with them', () => {
  const edits = readmeEdits();
  const withoutTags = edits.filter((e) => e.file !== 'environments/versions.ts');
  for (const e of withoutTags) apply(copy, e);

  const typed = synth(copy, ['--typecheck']);
  expect(typed.code).toBe(2);
  expect(typed.stderr).toMatch(
    /^environments\/dev\.ts:\d+:\d+ - error TS2741: Property 'mailer' is missing in type/m,
  );
  expect(typed.stderr).toMatch(/ferry synth: \d+ type errors?; nothing written/);

  const untyped = synth(copy, []);
  expect(untyped.code).toBe(2);
  expect(untyped.stderr).toContain(
    '[dev/mailer] image.tag: is undefined; pin a tag for this environment (is the component missing from its versions?)\n',
  );
  expect(untyped.stderr).not.toContain(':undefined');
  // Previews list their own components (no mailer), so they are still written.
  expect(fs.readdirSync(path.join(copy, 'dist'))).toEqual(['preview-feature-login-df7c7aeb']);

  for (const e of edits.filter((x) => !withoutTags.includes(x))) apply(copy, e);
  const ok = synth(copy, ['--typecheck']);
  expect(ok.stderr).toBe('');
  expect(ok.code).toBe(0);
  expect(ok.stdout).toContain(
    'note: [dev/mailer] HorizontalPodAutoscaler/mailer spec.maxReplicas: 4 → 3 (replica-cap: this environment runs at most 3 replicas)',
  );
  for (const env of ['dev', 'staging', 'production']) {
    const dep = fs.readFileSync(
      path.join(
        copy,
        'dist',
        env,
        'manifests',
        `${env === 'production' ? 'shop' : `shop-${env}`}--deployment.apps--mailer.yaml`,
      ),
      'utf8',
    );
    expect(dep).toContain('image: ghcr.io/acme-shop/mailer:1.0.0');
    expect(dep).toContain('ferry.dev/config-hash:');
    const infra = JSON.parse(fs.readFileSync(path.join(copy, 'dist', env, 'infra', 'stack.json'), 'utf8'));
    expect(infra.needs).toContainEqual({
      component: 'mailer',
      kind: 'queue',
      name: 'emails',
      visibilityTimeoutSeconds: 30,
    });
  }
}, 180_000);
