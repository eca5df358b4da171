/**
 * The deploy branch: publishing dist/ to it (one commit per source commit) and reading its
 * history back. Uses the git adapter only; the operator's sync loop does not depend on it.
 */
export * from './errors';
export * from './publish';
export * from './history';
export { commitMessage, sourceOf, trailers, SOURCE_TRAILER } from './message';
export { formatMove, imageMoves, imagesIn, parseImage, type ImageMove } from './images';
export { formatFieldChange, fieldChanges, type FieldChange } from './fields';
export type { ObjectChange } from './describe';
