/** Printing for the sync-engine commands: progress lines, tables, and errors mapped to exit codes. */
import { ConfigError } from '../config';
import { FerryError, ManifestError, PlanError, formatRef, type ObjectRef, type SyncEvent } from '../model';

export const EXIT = { ok: 0, failed: 1, invalid: 2 } as const;

export function out(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** Map an error to its message and exit code. */
export function reportError(err: unknown): number {
  const e = err as Error;
  process.stderr.write(`ferry: ${e.message}\n`);
  if (err instanceof ManifestError || err instanceof PlanError || err instanceof ConfigError)
    return EXIT.invalid;
  if (
    !(err instanceof FerryError) &&
    !(err instanceof Error && e.name === 'SourceError') &&
    process.env.FERRY_DEBUG
  ) {
    process.stderr.write(`${e.stack ?? ''}\n`);
  }
  return EXIT.failed;
}

export function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}

export interface ProgressRecord {
  readonly ref: ObjectRef;
  action?: string;
  health?: string;
}

/** Prints each event as one line and remembers per-object outcomes for the summary table. */
export class Progress {
  readonly objects = new Map<string, ProgressRecord>();

  private record(ref: ObjectRef): ProgressRecord {
    const key = formatRef(ref);
    const r = this.objects.get(key) ?? { ref };
    this.objects.set(key, r);
    return r;
  }

  readonly on = (e: SyncEvent): void => {
    switch (e.type) {
      case 'sync-started':
        out(`sync ${e.env} at ${e.revision ?? '(unknown revision)'}`);
        break;
      case 'sync-needed':
        out(`sync needed: ${e.reason}`);
        break;
      case 'warning':
        out(`warning: ${e.message}`);
        break;
      case 'rejected':
        this.record(e.ref).action = 'rejected';
        out(`    rejected   ${formatRef(e.ref)}: ${e.message}`);
        break;
      case 'phase-started':
        out(`${e.phase}`);
        break;
      case 'wave-started':
        out(`  wave ${e.wave}`);
        break;
      case 'object-applied':
        this.record(e.ref).action = e.action;
        if (e.action !== 'unchanged') out(`    ${e.action.padEnd(10)} ${formatRef(e.ref)}`);
        break;
      case 'object-failed':
        this.record(e.ref).action = 'failed';
        out(`    failed     ${e.message}`);
        break;
      case 'object-health':
        this.record(e.ref).health = e.health.status;
        out(`    ${e.health.status.padEnd(10)} ${formatRef(e.ref)}: ${e.health.message}`);
        break;
      case 'hook-started':
        this.record(e.ref).action = `${e.phase} hook`;
        out(`    hook       ${formatRef(e.ref)} started`);
        break;
      case 'hook-completed':
        this.record(e.ref).health = e.result;
        out(`    hook       ${formatRef(e.ref)} ${e.result}: ${e.message}`);
        break;
      case 'hook-deleted':
        out(`    deleted    ${formatRef(e.ref)} (${e.policy})`);
        break;
      case 'pruned':
        this.record(e.ref).action = 'pruned';
        out(`    pruned     ${formatRef(e.ref)}`);
        break;
      case 'prune-skipped':
        out(`    kept       ${formatRef(e.ref)}: ${e.reason}`);
        break;
      case 'sync-finished':
        break;
    }
  };

  summary(): string[] {
    const rows = [...this.objects.values()]
      .sort((a, b) => formatRef(a.ref).localeCompare(formatRef(b.ref)))
      .map((r) => [formatRef(r.ref), r.action ?? '-', r.health ?? '-']);
    return rows.length ? table([['OBJECT', 'ACTION', 'HEALTH'], ...rows]) : [];
  }
}
