/**
 * Which tags a promotion moves: the target takes the source's tag for every selected component
 * whose tag differs. Pure: the parsed versions module and the declared order in, the moves out.
 */
import type { Promotion } from '../promotion';
import { AuthoringError } from './app';
import type { VersionsFile } from './versions-file';

export interface TagMove {
  readonly component: string;
  readonly from: string;
  readonly to: string;
}

export interface PromotionPlan {
  readonly source: string;
  readonly target: string;
  /** Tags that change, in the order of the versions module. */
  readonly moves: readonly TagMove[];
  /** Selected components whose tags are already equal. */
  readonly unchanged: readonly string[];
  /** Components of the source the target has no tag for (left alone). */
  readonly missing: readonly string[];
  /** Whether `source -> target` is a declared promotion. */
  readonly declared: boolean;
}

export interface PlanInput {
  readonly file: VersionsFile;
  readonly source: string;
  readonly target: string;
  /** @default every component of the source */
  readonly components?: readonly string[];
  readonly promotions: readonly Promotion[];
}

export function planPromotion(input: PlanInput): PromotionPlan {
  const { file, source, target } = input;
  const known = [...file.envs.keys()].join(', ');
  if (source === target) throw new AuthoringError(`source and target are both ${source}`);
  const from = file.envs.get(source);
  const to = file.envs.get(target);
  if (!from) throw new AuthoringError(`${file.path} has no versions for "${source}"; known: ${known}`);
  if (!to) throw new AuthoringError(`${file.path} has no versions for "${target}"; known: ${known}`);
  const selected = input.components ?? [...from.keys()];
  const unknown = selected.filter((c) => !from.has(c));
  if (unknown.length) {
    throw new AuthoringError(
      `${source} has no tag for ${unknown.join(', ')} in ${file.path}; components: ${[...from.keys()].join(', ')}`,
    );
  }
  const missing = selected.filter((c) => !to.has(c));
  if (input.components && missing.length) {
    throw new AuthoringError(
      `${target} has no tag for ${missing.join(', ')} in ${file.path}; add it there first`,
    );
  }
  const moves: TagMove[] = [];
  const unchanged: string[] = [];
  for (const [component, literal] of to) {
    if (!selected.includes(component)) continue;
    const tag = from.get(component)!.value;
    if (tag === literal.value) unchanged.push(component);
    else moves.push({ component, from: literal.value, to: tag });
  }
  const declared = input.promotions.some((p) => p.source === source && p.target === target);
  return { source, target, moves, unchanged, missing, declared };
}

/** Commit message of a promotion: what moves from which version to which. */
export function promotionMessage(plan: PromotionPlan): string {
  const width = Math.max(...plan.moves.map((m) => m.component.length));
  return [
    `Promote ${plan.source} to ${plan.target}: ${plan.moves.map((m) => `${m.component} ${m.to}`).join(', ')}`,
    '',
    `${plan.target} takes ${plan.source}'s image tags:`,
    ...plan.moves.map((m) => `  ${m.component.padEnd(width)}  ${m.from} -> ${m.to}`),
    '',
    `Ferry-Promotion: ${plan.source} -> ${plan.target}`,
    '',
  ].join('\n');
}
