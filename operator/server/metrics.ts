/** `GET /metrics`: the Prometheus exposition of the operator's registry (status/metrics.ts). */
import type { OperatorMetrics } from '../status';
import { text, type Route } from './http';

export function metricsRoute(metrics: OperatorMetrics): Route {
  return async (_req, res) => text(res, 200, await metrics.registry.metrics(), metrics.registry.contentType);
}
