/**
 * `ferry synth --typecheck`: the TypeScript compiler's verdict on the environments module (and
 * everything it imports) before synthesis, with the project's tsconfig.json. A component whose
 * tag is missing from an environment's versions is a compile error here, before it could become
 * `image: …:undefined`. Incremental: the compiler's state is kept in
 * node_modules/.cache/ferry/, so a second run checks only what changed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as TS from 'typescript';

export interface TypecheckResult {
  /** `file:line:col - error TS2339: message`, paths relative to cwd. */
  readonly errors: readonly string[];
  readonly millis: number;
}

export class TypecheckUnavailableError extends Error {
  override name = 'TypecheckUnavailableError';
}

function loadTypescript(cwd: string): typeof TS {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(require.resolve('typescript', { paths: [cwd, __dirname] })) as typeof TS;
  } catch {
    throw new TypecheckUnavailableError(
      '--typecheck needs the typescript package: npm install --save-dev typescript',
    );
  }
}

export function typecheckApp(app: string, cwd: string): TypecheckResult {
  const started = performance.now();
  const ts = loadTypescript(cwd);
  const root = require.resolve(app);
  const configPath = ts.findConfigFile(cwd, ts.sys.fileExists);
  const cacheDir = path.join(cwd, 'node_modules', '.cache', 'ferry');
  fs.mkdirSync(cacheDir, { recursive: true });
  const overrides: TS.CompilerOptions = {
    noEmit: true,
    incremental: true,
    tsBuildInfoFile: path.join(cacheDir, 'typecheck.tsbuildinfo'),
  };
  const options = configPath
    ? ts.getParsedCommandLineOfConfigFile(configPath, overrides, {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new TypecheckUnavailableError(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
        },
      })!.options
    : { ...overrides, strict: true, skipLibCheck: true, module: ts.ModuleKind.NodeNext };
  const host = ts.createIncrementalCompilerHost(options);
  const program = ts.createIncrementalProgram({ rootNames: [root], options, host });
  const diagnostics = [
    ...program.getConfigFileParsingDiagnostics(),
    ...program.getSyntacticDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...program.getSemanticDiagnostics(),
  ];
  program.emit(); // writes the incremental state only (noEmit)
  const errors = diagnostics
    .filter((d) => d.category === ts.DiagnosticCategory.Error)
    .map((d) => {
      const text = ts.flattenDiagnosticMessageText(d.messageText, '\n  ');
      if (!d.file || d.start === undefined) return `error TS${d.code}: ${text}`;
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
      return `${path.relative(cwd, d.file.fileName)}:${line + 1}:${character + 1} - error TS${d.code}: ${text}`;
    });
  return { errors, millis: Math.round(performance.now() - started) };
}
