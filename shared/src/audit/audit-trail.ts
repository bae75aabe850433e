import { createHash } from 'node:crypto';
import { type AuditChange } from './audit.model';

/** Fields never shown in a diff: values are replaced, the fact of a change is kept. */
const SECRET_FIELD = /pass(word)?|secret|token|hash|apikey|api_key|credential/i;
const IGNORED_FIELDS = new Set(['_id', '__v', 'parentCompany', 'createdAt', 'updatedAt']);

/** Values longer than this (as JSON) are kept in a diff as their size and digest, not in full. */
export const AUDIT_VALUE_MAX_BYTES = 2_048;

/**
 * A value as a diff keeps it: in full, or, when large (a polygon of thousands of positions), as its
 * size and SHA-256, which still tells whether two versions are the same and keeps the event (and
 * its write) small.
 */
function kept(value: unknown, json: string | undefined): unknown {
  if (json === undefined || json.length <= AUDIT_VALUE_MAX_BYTES) return value ?? null;
  return { bytes: Buffer.byteLength(json), sha256: createHash('sha256').update(json).digest('hex') };
}

/** A field-level diff of two versions of a document, secrets redacted, large values digested. */
export function diffDocuments(before: Record<string, unknown> | null | undefined, after: Record<string, unknown> | null | undefined): Record<string, AuditChange> {
  const diff: Record<string, AuditChange> = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const key of keys) {
    if (IGNORED_FIELDS.has(key)) continue;
    const from = before?.[key];
    const to = after?.[key];
    const [fromJson, toJson] = [JSON.stringify(from), JSON.stringify(to)];
    if (fromJson === toJson) continue;
    diff[key] = SECRET_FIELD.test(key) ? { from: '[redacted]', to: '[redacted]' } : { from: kept(from, fromJson), to: kept(to, toJson) };
  }
  return diff;
}

export interface AuditTarget {
  type: string;
  id: string;
  diff: Record<string, AuditChange> | null;
}

/**
 * What a request's mutations touched, collected by the services and written by the audit plugin as
 * one event per mutation. Mutation root fields run one after the other, so "the current field" is
 * well defined.
 */
export class AuditTrail {
  #current: string | null = null;
  readonly #targets = new Map<string, AuditTarget>();

  /** Called by the plugin as each mutation root field starts. */
  enter(responseKey: string): void {
    this.#current = responseKey;
  }

  /** Records the object a mutation changed; the first one recorded is the event's target. */
  record(type: string, id: string, before?: Record<string, unknown> | null, after?: Record<string, unknown> | null): void {
    if (this.#current === null || this.#targets.has(this.#current)) return;
    this.#targets.set(this.#current, { type, id, diff: before === undefined && after === undefined ? null : diffDocuments(before, after) });
  }

  targetOf(responseKey: string): AuditTarget | undefined {
    return this.#targets.get(responseKey);
  }
}
