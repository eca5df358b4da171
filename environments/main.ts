/**
 * The cdk8s app entry (`cdk8s.yaml`: `app: npx tsx environments/main.ts`): `cdk8s synth` runs the
 * same engine as `ferry synth` and writes the same deploy format to $CDK8S_OUTDIR (default dist).
 */
import * as path from 'node:path';
import { formatIssue } from '../constructs/issues';
import { contextFromEnv, sourceCommit, synthEnvironments } from '../constructs/synth';

async function main(): Promise<number> {
  const result = await synthEnvironments({
    app: path.join(__dirname, 'index.ts'),
    outDir: process.env.CDK8S_OUTDIR ?? 'dist',
    sourceCommit: sourceCommit(process.cwd()),
    context: contextFromEnv(process.env),
    log: (line) => process.stdout.write(`${line}\n`),
  });
  for (const issue of result.issues) process.stderr.write(`${formatIssue(issue)}\n`);
  return result.ok ? 0 : 2;
}

main().then(
  (code) => (process.exitCode = code),
  (err: Error) => {
    process.stderr.write(`${err.message}\n`);
    process.exitCode = 1;
  },
);
