/**
 * Pulumi engine events → Ferry's InfraEvents (pure). Only what a person acts on is kept: a step per
 * resource (op, type, name, changed keys), failures, and diagnostics. Property values are never
 * copied, so no secret can leak through progress output.
 */
import type { EngineEvent } from '@pulumi/pulumi/automation';
import type { InfraEvent, InfraMode, InfraOp, InfraResourceRef } from '../../model';

/** `urn:pulumi:<stack>::<project>::<type chain>::<name>` → type and name. */
export function resourceOf(urn: string, type?: string): InfraResourceRef {
  const parts = urn.split('::');
  const name = parts.at(-1) ?? urn;
  const chain = parts.at(-2) ?? '';
  return { urn, name, type: type ?? chain.split('$').at(-1) ?? chain };
}

export function mapEngineEvent(e: EngineEvent, mode: InfraMode): InfraEvent[] {
  if (e.resourcePreEvent) {
    const m = e.resourcePreEvent.metadata;
    const keys = m.keys ?? m.diffs;
    return [
      {
        type: 'infra-resource',
        resource: resourceOf(m.urn, m.type),
        op: m.op as InfraOp,
        status: mode === 'preview' ? 'planned' : 'started',
        ...(keys && keys.length ? { keys: [...keys] } : {}),
      },
    ];
  }
  if (e.resOutputsEvent && mode !== 'preview') {
    const m = e.resOutputsEvent.metadata;
    return [
      { type: 'infra-resource', resource: resourceOf(m.urn, m.type), op: m.op as InfraOp, status: 'done' },
    ];
  }
  if (e.resOpFailedEvent) {
    const m = e.resOpFailedEvent.metadata;
    return [
      { type: 'infra-resource', resource: resourceOf(m.urn, m.type), op: m.op as InfraOp, status: 'failed' },
    ];
  }
  if (e.diagnosticEvent) {
    const d = e.diagnosticEvent;
    if (d.ephemeral) return [];
    const severity = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'info';
    const message = d.message.replace(/\s+$/, '');
    if (!message) return [];
    return [
      { type: 'infra-diagnostic', severity, message, ...(d.urn ? { resource: resourceOf(d.urn) } : {}) },
    ];
  }
  return [];
}
