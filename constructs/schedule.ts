/**
 * A cron schedule as a Kubernetes CronJob accepts it: five fields (minute hour day-of-month month
 * day-of-week) with ranges, lists, steps (`*\/15`, `5/10`), `?`, month and weekday names
 * (`JAN`, `MON-FRI`, any case), or a macro (`@hourly`, `@daily`, `@midnight`, `@weekly`,
 * `@monthly`, `@yearly`, `@annually`). The time zone is the CronTask's `timeZone`, not part of
 * the expression. Validated at creation; an invalid schedule is reported by the CronTask using it
 * (`[dev/nightly] schedule: …`), never thrown.
 */
export class Schedule {
  /** Any expression a CronJob accepts. */
  static cron(expression: string): Schedule {
    const problem = Schedule.problem(expression);
    const normal =
      typeof expression === 'string' ? expression.trim().split(/\s+/).join(' ') : String(expression);
    return new Schedule(normal, problem);
  }

  /** Every day at hour:minute (UTC unless the CronTask sets a time zone). */
  static daily(hour: number, minute = 0): Schedule {
    return Schedule.cron(`${minute} ${hour} * * *`);
  }

  /** Every n minutes. */
  static everyMinutes(n: number): Schedule {
    return Schedule.cron(`*/${n} * * * *`);
  }

  /** Why an expression is invalid, or undefined when it is valid. */
  static problem(expression: string): string | undefined {
    if (typeof expression !== 'string')
      return `is ${expression === undefined ? 'undefined' : typeof expression}`;
    const text = expression.trim();
    if (/^(CRON_)?TZ=/.test(text))
      return "sets a time zone in the expression; use the CronTask's timeZone instead";
    if (text.startsWith('@')) {
      return MACROS.includes(text.toLowerCase())
        ? undefined
        : `"${text}" is not a macro a CronJob accepts (${MACROS.join(', ')})`;
    }
    const fields = text.split(/\s+/);
    if (fields.length !== 5) return `expected 5 fields, got ${fields.length}`;
    for (let i = 0; i < 5; i++) {
      const f = FIELDS[i]!;
      const p = fieldProblem(fields[i]!, f);
      if (p) return `${f.name} field "${fields[i]}" ${p}`;
    }
    return undefined;
  }

  private constructor(
    readonly expression: string,
    private readonly invalid: string | undefined,
  ) {}

  /** Why this schedule is invalid (`invalid schedule "…": …`), or undefined. */
  get problemText(): string | undefined {
    return this.invalid && `invalid schedule "${this.expression}": ${this.invalid}`;
  }

  toString(): string {
    return this.expression;
  }
}

const MACROS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

interface Field {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  readonly question?: boolean;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const FIELDS: readonly Field[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31, question: true },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day-of-week', min: 0, max: 6, names: DAYS, question: true },
];

function valueOf(text: string, f: Field): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const i = f.names?.indexOf(text.toUpperCase()) ?? -1;
  if (i < 0) return undefined;
  return f.name === 'month' ? i + 1 : i;
}

function fieldProblem(field: string, f: Field): string | undefined {
  const what = f.names ? `a number, a name (${f.names[0]}…), a range or *` : 'a number, range or *';
  for (const part of field.split(',')) {
    const [range, step, extra] = part.split('/');
    if (extra !== undefined) return `has more than one step`;
    if (step !== undefined && !/^[1-9]\d*$/.test(step)) return `has an invalid step "${step}"`;
    if (range === '*' || (range === '?' && f.question)) continue;
    const bounds = range!.split('-');
    if (bounds.length > 2 || bounds.some((b) => b === '')) return `is not ${what}`;
    const nums = bounds.map((b) => valueOf(b, f));
    if (nums.some((n) => n === undefined)) return `is not ${what}`;
    if (nums.some((n) => n! < f.min || n! > f.max)) return `is out of range ${f.min}-${f.max}`;
    if (nums.length === 2 && nums[0]! > nums[1]!) return 'has a descending range';
  }
  return undefined;
}
