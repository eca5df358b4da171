/**
 * Values that never arrived: a string built from `undefined`, `NaN` or an object
 * (`ghcr.io/acme/mailer:undefined`, `api.undefined.example.com`) is always a bug and cannot be
 * relaxed; an empty string is reported too (relaxable as `empty-value`).
 */
import { walkStrings } from '../walk';
import { refOf, type Check, type CheckFinding } from './check';

const ARTIFACT = /(^|[^A-Za-z0-9_$])(undefined|NaN|\[object Object\])(?=$|[^A-Za-z0-9_])/;

export const MISSING_VALUE: Check = {
  name: 'missing-value',
  check(obj) {
    const out: CheckFinding[] = [];
    walkStrings(obj, (value, _key, path) => {
      if (value.length < 3) return;
      const m = ARTIFACT.exec(value);
      if (!m) return;
      out.push({
        field: `${refOf(obj)} ${path()}`,
        problem: `${JSON.stringify(value)} contains "${m[2]}": a value was missing when this was built (a tag or setting not defined for this environment?)`,
      });
    });
    return out;
  },
};

export const EMPTY_VALUE: Check = {
  name: 'empty-value',
  check(obj) {
    const out: CheckFinding[] = [];
    walkStrings(obj, (value, parentKey, path) => {
      // The core API group is "" in RBAC rules.
      if (value !== '' || parentKey === 'apiGroups') return;
      out.push({
        field: `${refOf(obj)} ${path()}`,
        problem: 'is empty; give it a value or leave it out (or relax the check "empty-value")',
      });
    });
    return out;
  },
};
