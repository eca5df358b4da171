/**
 * One Reporter for the controller: the StatusWriter writes (awaited: reports of one environment
 * stay in order), and observers — metrics, notifications — look at every report without ever
 * blocking or failing it.
 */
import type { ReconcileReport, Reporter } from '../controller';
import type { EnvironmentResource } from '../model';

export type ReportObserver = (env: EnvironmentResource, report: ReconcileReport) => void;

export function teeReporter(
  primary: Reporter,
  observers: readonly ReportObserver[],
  log?: (line: string) => void,
): Reporter {
  return {
    report(env, report) {
      for (const observe of observers) {
        try {
          observe(env, report);
        } catch (err) {
          log?.(`environment ${env.metadata.name}: report observer failed: ${(err as Error).message}`);
        }
      }
      return primary.report(env, report);
    },
  };
}
