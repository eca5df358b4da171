/**
 * The versions module (`environments/versions.ts`): read and rewritten as TypeScript source, so a
 * promotion changes exactly the tag literals it moves and keeps everything else (comments, order,
 * formatting). The expected shape:
 *
 *     export const versions = {
 *       staging: { 'public-api': '1.42.0', … },
 *       production: { 'public-api': '1.41.2', … },
 *     } satisfies Record<string, Versions>;
 *
 * Uses the TypeScript compiler's parser (the `typescript` package the platform repository
 * type-checks with).
 */
import type * as TS from 'typescript';
import { AuthoringError } from './app';

export interface TagLiteral {
  readonly value: string;
  /** Offsets of the literal (quotes included) in the file text. */
  readonly start: number;
  readonly end: number;
  readonly line: number;
}

export interface VersionsFile {
  readonly path: string;
  readonly text: string;
  /** environment → component → tag literal. */
  readonly envs: ReadonlyMap<string, ReadonlyMap<string, TagLiteral>>;
  /** Entries promote cannot rewrite (not literals), as `file:line: message`. */
  readonly problems: readonly string[];
}

function typescript(): typeof TS {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('typescript') as typeof TS;
  } catch {
    throw new AuthoringError(
      'reading the versions module needs the typescript package (a devDependency of the platform repository); run npm ci',
    );
  }
}

function unwrap(ts: typeof TS, node: TS.Expression): TS.Expression {
  let n = node;
  while (ts.isSatisfiesExpression(n) || ts.isAsExpression(n) || ts.isParenthesizedExpression(n))
    n = n.expression;
  return n;
}

function keyOf(ts: typeof TS, name: TS.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name))
    return name.text;
  return undefined;
}

export function parseVersionsFile(path: string, text: string): VersionsFile {
  const ts = typescript();
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const lineOf = (pos: number) => source.getLineAndCharacterOfPosition(pos).line + 1;
  let root: TS.ObjectLiteralExpression | undefined;
  for (const stmt of source.statements) {
    if (!ts.isVariableStatement(stmt)) continue;
    if (!stmt.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    for (const decl of stmt.declarationList.declarations) {
      if (ts.isIdentifier(decl.name) && decl.name.text === 'versions' && decl.initializer) {
        const init = unwrap(ts, decl.initializer);
        if (ts.isObjectLiteralExpression(init)) root = init;
      }
    }
  }
  if (!root) {
    throw new AuthoringError(
      `${path}: no \`export const versions = { <environment>: { <component>: '<tag>' } }\``,
    );
  }
  const envs = new Map<string, Map<string, TagLiteral>>();
  const problems: string[] = [];
  const problem = (node: TS.Node, message: string) =>
    problems.push(`${path}:${lineOf(node.getStart())}: ${message}`);
  for (const prop of root.properties) {
    const env = ts.isPropertyAssignment(prop) ? keyOf(ts, prop.name) : undefined;
    if (!env || !ts.isPropertyAssignment(prop)) {
      problem(prop, 'expected `<environment>: { … }`');
      continue;
    }
    const body = unwrap(ts, prop.initializer);
    if (!ts.isObjectLiteralExpression(body)) {
      problem(prop, `${env}: expected an object literal of tags`);
      continue;
    }
    const tags = new Map<string, TagLiteral>();
    for (const entry of body.properties) {
      const component = ts.isPropertyAssignment(entry) ? keyOf(ts, entry.name) : undefined;
      const value = component && ts.isPropertyAssignment(entry) ? unwrap(ts, entry.initializer) : undefined;
      if (!component || !value || !(ts.isStringLiteral(value) || ts.isNoSubstitutionTemplateLiteral(value))) {
        problem(
          entry,
          `${env}.${component ?? '?'}: not a string literal; promote rewrites literal tags only`,
        );
        continue;
      }
      tags.set(component, {
        value: value.text,
        start: value.getStart(),
        end: value.getEnd(),
        line: lineOf(value.getStart()),
      });
    }
    envs.set(env, tags);
  }
  return { path, text, envs, problems };
}

export interface TagEdit {
  readonly env: string;
  readonly component: string;
  readonly tag: string;
}

/** The file text with the given tags replaced (quote style kept). */
export function rewriteVersions(file: VersionsFile, edits: readonly TagEdit[]): string {
  const spans = edits.map((e) => {
    const literal = file.envs.get(e.env)?.get(e.component);
    if (!literal) throw new AuthoringError(`${file.path}: ${e.env} has no tag for ${e.component}`);
    const quote = file.text[literal.start]!;
    const escaped = e.tag.replace(/\\/g, '\\\\').split(quote).join(`\\${quote}`);
    return { ...literal, replacement: `${quote}${escaped}${quote}` };
  });
  let text = file.text;
  for (const s of spans.sort((a, b) => b.start - a.start)) {
    text = text.slice(0, s.start) + s.replacement + text.slice(s.end);
  }
  return text;
}
