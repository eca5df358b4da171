/** A validated five-field cron schedule (minute hour day-of-month month day-of-week). */
export class Schedule {
  /**
   * @throws if the expression is not a valid five-field cron expression
   */
  static cron(expression: string): Schedule {
    const problem = Schedule.problem(expression);
    if (problem) throw new Error(`invalid schedule "${expression}": ${problem}`);
    return new Schedule(expression.trim().split(/\s+/).join(' '));
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
    const fields = expression.trim().split(/\s+/);
    if (fields.length !== 5) return `expected 5 fields, got ${fields.length}`;
    for (let i = 0; i < 5; i++) {
      const [name, min, max] = FIELDS[i];
      const p = fieldProblem(fields[i], min, max);
      if (p) return `${name} field "${fields[i]}" ${p}`;
    }
    return undefined;
  }

  private constructor(readonly expression: string) {}

  toString(): string {
    return this.expression;
  }
}

const FIELDS: ReadonlyArray<readonly [string, number, number]> = [
  ['minute', 0, 59],
  ['hour', 0, 23],
  ['day-of-month', 1, 31],
  ['month', 1, 12],
  ['day-of-week', 0, 7],
];

function fieldProblem(field: string, min: number, max: number): string | undefined {
  for (const part of field.split(',')) {
    const [range, step] = part.split('/');
    if (step !== undefined && !/^[1-9]\d*$/.test(step)) return `has an invalid step "${step}"`;
    if (range === '*') continue;
    const bounds = range.split('-');
    if (bounds.length > 2 || bounds.some((b) => !/^\d+$/.test(b))) return 'is not a number, range or *';
    const nums = bounds.map(Number);
    if (nums.some((n) => n < min || n > max)) return `is out of range ${min}-${max}`;
    if (nums.length === 2 && nums[0] > nums[1]) return 'has a descending range';
  }
  return undefined;
}
