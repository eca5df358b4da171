/**
 * The promotion order of a platform, declared in TypeScript next to its environments:
 *
 *     export const promotions = [Promotion.from(Dev).to(Staging), Promotion.from(Staging).to(Production)];
 *
 * `ferry promote <source> <target>` refuses a promotion that is not declared (unless forced), and
 * `ferry versions` prints the order. Environments that expose `versions` (component → image tag)
 * show up in the version matrix.
 */
import type { Environment } from './environment';

/** An environment class that can be instantiated without arguments (not a per-branch preview). */
export type EnvironmentClass = new () => Environment;

export class Promotion {
  private constructor(
    /** Name of the environment whose versions move on. */
    readonly source: string,
    /** Name of the environment that takes them. */
    readonly target: string,
  ) {}

  /** `Promotion.from(Staging).to(Production)`. */
  static from(source: EnvironmentClass): { to(target: EnvironmentClass): Promotion } {
    const from = new source().name;
    return {
      to(target: EnvironmentClass): Promotion {
        const to = new target().name;
        if (from === to)
          throw new Error(`Promotion.from(${source.name}).to(${target.name}): both are "${from}"`);
        return new Promotion(from, to);
      },
    };
  }

  toString(): string {
    return `${this.source} -> ${this.target}`;
  }
}

/** Image tag per component, as environment classes expose it (`env.versions`). */
export type VersionMap = Readonly<Record<string, string>>;

/** The `versions` of an environment, or undefined when it exposes none. */
export function versionsOf(env: Environment): VersionMap | undefined {
  const v = (env as Environment & { versions?: unknown }).versions;
  if (!v || typeof v !== 'object') return undefined;
  const entries = Object.entries(v);
  return entries.every(([, tag]) => typeof tag === 'string') ? (v as VersionMap) : undefined;
}
