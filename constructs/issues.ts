/**
 * Validation issues. Every problem a user can meet names the environment, the component (when
 * there is one) and the field, and all of them are reported at once.
 */
export interface Issue {
  readonly env: string;
  /** Component name; undefined for environment-level problems. */
  readonly component?: string;
  readonly field: string;
  readonly problem: string;
}

/** `[env/component] field: problem` (or `[env] field: problem`). */
export function formatIssue(issue: Issue): string {
  const where = issue.component ? `${issue.env}/${issue.component}` : issue.env;
  return `[${where}] ${issue.field}: ${issue.problem}`;
}

/** Thrown when validation found problems; carries every issue. */
export class ValidationError extends Error {
  constructor(readonly issues: readonly Issue[]) {
    super(`validation failed:\n  ${issues.map(formatIssue).join('\n  ')}`);
    this.name = 'ValidationError';
  }
}
