import { FerryError } from '../model';

/** Bad input to publish or history (a malformed dist/, an unknown revision): exit 2. */
export class DeployInputError extends FerryError {}

/**
 * Publishing would move an environment backwards (or sideways): the deploy branch holds it from a
 * source commit that is not an ancestor of the one being published. Exit 1; `--force` overrides.
 */
export class OlderSourceError extends FerryError {}
