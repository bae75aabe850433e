// The cross-tenant sweep (issue #7.4): every query and mutation of the composed API that takes an ID,
// anywhere in its arguments, is called as tenant B with tenant A's ids. Nothing here names an
// operation: they are enumerated from schema/api-schema.graphql, so a new one is covered the day it
// is composed.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshTenant, startStack, type Stack } from '@attunelogic/e2e-tests/stack';
import { errorCodes, gql, type GraphQLResponse } from './support/client';
import { buildArgs, idSlots, operationFor, resolveSlots, setAt, type IdSlot } from './support/generate';
import {
  APP_TYPES,
  connectionNode,
  industriesOf,
  loadApiSchema,
  loadIndustrySchemas,
  rootFields,
  rootType,
  type AppType,
  type OperationKind,
  type RootField,
} from './support/schema';
import { RECIPES, seedTenant, valueEnv, type Seeded } from './support/seed';
import { idsIn, snapshotTenant } from './support/snapshot';
import { record } from './support/summary';

/** What B may get for A's ids: the object "does not exist" for B, or B may not do it, or the input cannot be valid. */
const REFUSALS = new Set(['NOT_FOUND', 'FORBIDDEN', 'BAD_USER_INPUT']);

const api = loadApiSchema();
const industries = loadIndustrySchemas();
let stack: Stack;
const pairs = new Map<AppType, { a: Seeded; b: Seeded }>();

const tag = (prefix: string) => `${prefix}${randomBytes(3).toString('hex').toUpperCase()}`;

beforeAll(async () => {
  stack = await startStack();
  await Promise.all(
    APP_TYPES.map(async (appType) => {
      const [a, b] = await Promise.all([freshTenant(stack, appType), freshTenant(stack, appType)]);
      const [seededA, seededB] = await Promise.all([
        seedTenant(stack, 'cross-tenant', a, appType, api, industries[appType], tag('ALFA')),
        seedTenant(stack, 'cross-tenant', b, appType, api, industries[appType], tag('BRVO')),
      ]);
      pairs.set(appType, { a: seededA, b: seededB });
    }),
  );
});

afterAll(async () => {
  await stack?.stop();
});

interface Call {
  readonly appType: AppType;
  readonly kind: OperationKind;
  readonly field: RootField;
  /** `all` (every ID slot A's), or the one slot that is A's while the others are B's own. */
  readonly variant: string;
  readonly slots: readonly IdSlot[];
  readonly ids: Map<string, string>;
  /** Slots filled with A's ids. */
  readonly foreign: readonly IdSlot[];
}

interface Outcome {
  readonly call: Call;
  readonly code: string;
  readonly ok: boolean;
  readonly leak: boolean;
  readonly why: string;
  readonly variables: Record<string, unknown>;
  readonly response: GraphQLResponse;
}

/** The calls of one field for one industry pair: all of A's ids, and (with several slots) each alone. */
function callsFor(appType: AppType, kind: OperationKind, field: RootField, a: Seeded, b: Seeded): Call[] {
  const slots = idSlots(field);
  if (slots.length === 0) return [];
  const types = resolveSlots(field, slots, [...new Set([...a.pool.types(), ...b.pool.types()])]);
  const anyOfA = [...a.pool.all()][0]!;
  const ofA = (slot: IdSlot) => a.pool.first(types.get(slot.key)) ?? anyOfA;
  const ofB = (slot: IdSlot) => b.pool.first(types.get(slot.key));
  const calls: Call[] = [{ appType, kind, field, variant: 'all', slots, ids: new Map(slots.map((s) => [s.key, ofA(s)])), foreign: slots }];
  if (slots.length > 1) {
    for (const target of slots) {
      const ids = new Map<string, string>([[target.key, ofA(target)]]);
      for (const other of slots) {
        const own = ofB(other);
        if (other !== target && other.required && own) ids.set(other.key, own);
      }
      calls.push({ appType, kind, field, variant: target.key, slots, ids, foreign: [target] });
    }
  }
  return calls;
}

/** The variables of a call as B: minimal valid input, the recipe's fixes, then the call's ids on top. */
function variablesOf(call: Call, b: Seeded): Record<string, unknown> {
  const env = valueEnv(b.tag, () => '0'.repeat(24));
  const vars = buildArgs(call.field, call.ids, env);
  RECIPES[call.field.name]?.(vars, { tenant: b.tenant, pool: b.pool, env });
  for (const slot of call.slots) {
    const id = call.ids.get(slot.key);
    if (id) setAt(vars, slot, id);
  }
  return vars;
}

function judge(call: Call, variables: Record<string, unknown>, res: GraphQLResponse, a: Seeded, aIds: ReadonlySet<string>): Outcome {
  const codes = errorCodes(res);
  const code = codes[0] ?? (res.status >= 400 ? `HTTP ${res.status}` : 'success');
  const data = JSON.stringify(res.body.data ?? null);
  const leakedId = [...aIds].find((id) => data.includes(id));
  const leak = Boolean(leakedId) || JSON.stringify(res.body).includes(a.tag);
  const value = res.body.data?.[call.field.name];
  const base = { call, code, leak, variables, response: res };
  if (leak) return { ...base, ok: false, why: `A's data in the answer${leakedId ? ` (id ${leakedId})` : ` (marker ${a.tag})`}` };
  if (res.status >= 500) return { ...base, ok: false, why: `HTTP ${res.status}` };
  if (value === null || value === undefined) {
    if (codes.length === 0)
      return { ...base, code: 'null, no error', ok: false, why: 'no data and no error: the client cannot tell a refusal from a failure, and the call may have run' };
    return REFUSALS.has(code) ? { ...base, ok: true, why: '' } : { ...base, ok: false, why: `refused with ${code}, expected NOT_FOUND, FORBIDDEN or BAD_USER_INPUT` };
  }
  // A list filtered by another tenant's id: an empty page is the right answer.
  if (call.kind === 'query' && call.foreign.every((s) => s.underFilter) && connectionNode(call.field.type)) {
    const edges = (value as { edges?: unknown[] }).edges ?? [];
    return edges.length === 0
      ? { ...base, code: 'success (empty)', ok: true, why: '' }
      : { ...base, ok: false, why: `filter by A's id returned ${edges.length} of B's objects` };
  }
  return { ...base, ok: false, why: `accepted A's id (${codes.length ? `partial, errors ${codes.join(',')}` : 'success'})` };
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));

describe('the cross-tenant sweep', () => {
  it('seeds tenant A with an object of every kind the schema can create', () => {
    for (const [appType, { a, b }] of pairs) {
      const lists = [...a.lists].map(([name, count]) => `${name}=${count}`).join(' ');
      console.log(
        `[${appType}] A created: ${a.created.join(', ') || '(nothing)'}\n[${appType}] A's lists: ${lists}\n${[...a.notes, ...b.notes.map((n) => `(B) ${n}`)].map((n) => `[${appType}] note: ${n}`).join('\n')}`,
      );
      expect(a.created.length, `${appType}: nothing could be created`).toBeGreaterThan(0);
      expect(b.created).toEqual(a.created);
      expect([...a.lists.values()].some((count) => count > 0)).toBe(true);
    }
  });

  it('gives B only NOT_FOUND, FORBIDDEN or BAD_USER_INPUT for A’s ids, never A’s data, and changes nothing of A', async () => {
    const outcomes: Outcome[] = [];
    const uncovered: string[] = [];
    const changedOfB: string[] = [];
    for (const [appType, { a, b }] of pairs) {
      const [before, beforeB] = await Promise.all([snapshotTenant(stack, a.tenant.id), snapshotTenant(stack, b.tenant.id)]);
      const aIds = new Set([...idsIn(before), ...a.pool.all()]);
      for (const kind of ['query', 'mutation'] as const) {
        for (const apiField of rootFields(api, kind)) {
          if (!industriesOf(industries, kind, apiField.name).includes(appType)) continue;
          // The industry's own definition: its selection never asks for another industry's fields.
          const field = rootType(industries[appType], kind)!.getFields()[apiField.name]!;
          const calls = callsFor(appType, kind, field, a, b);
          if (calls.length === 0) {
            uncovered.push(`${appType}:${field.name}`);
            continue;
          }
          for (const call of calls) {
            const variables = variablesOf(call, b);
            const res = await gql(stack, 'cross-tenant', { ...operationFor(kind, field, variables), token: b.token });
            outcomes.push(judge(call, variables, res, a, aIds));
          }
        }
      }
      const [after, afterB] = await Promise.all([snapshotTenant(stack, a.tenant.id), snapshotTenant(stack, b.tenant.id)]);
      expect(Object.keys(after).length, `${appType}: A has no stored data to compare`).toBeGreaterThan(0);
      for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
        expect(after[key], `${appType}: A's ${key} changed`).toBe(before[key]);
      }
      // Every call above must fail and change nothing, so B's own data stays as it was too.
      changedOfB.push(
        ...[...new Set([...Object.keys(beforeB), ...Object.keys(afterB)])].filter((key) => afterB[key] !== beforeB[key]).map((key) => `${appType}: ${key}`),
      );
    }

    // The same calls with B's own ids, after the snapshots: whether the generated input was valid at
    // all. A refusal with BAD_USER_INPUT both ways means the sweep could not reach the id check.
    const controls = new Map<Outcome, string>();
    for (const outcome of outcomes.filter((o) => o.call.variant === 'all')) {
      const { b } = pairs.get(outcome.call.appType)!;
      const own = new Map(
        [...outcome.call.ids].map(([key]) => [key, b.pool.first(resolveSlots(outcome.call.field, outcome.call.slots, b.pool.types()).get(key)) ?? '0'.repeat(24)]),
      );
      const res = await gql(stack, 'cross-tenant', {
        ...operationFor(outcome.call.kind, outcome.call.field, variablesOf({ ...outcome.call, ids: own }, b)),
        token: b.token,
      });
      controls.set(outcome, errorCodes(res)[0] ?? (res.status >= 500 ? `HTTP ${res.status}` : 'success'));
    }
    const weak = outcomes.filter((o) => o.code === 'BAD_USER_INPUT' && controls.get(o) === 'BAD_USER_INPUT');

    const failures = outcomes.filter((o) => !o.ok);
    record('cross-tenant', { cases: outcomes.length, unexpected: failures.length, leaks: outcomes.filter((o) => o.leak).length });
    const rows = outcomes.map(
      (o) =>
        `${pad(o.call.appType, 13)} ${pad(o.call.kind, 8)} ${pad(o.call.field.name, 26)} ${pad(o.call.variant, 24)} ${pad(o.code, 16)} ${pad(controls.get(o) ?? '', 16)} ${o.ok ? 'ok' : `FAIL: ${o.why}`}`,
    );
    console.log(
      [
        `cross-tenant sweep: ${outcomes.length} calls over ${new Set(outcomes.map((o) => `${o.call.appType}:${o.call.field.name}`)).size} operations; ${weak.length} where the generated input was invalid even with B's own ids`,
        '',
        `${pad('industry', 13)} ${pad('kind', 8)} ${pad('operation', 26)} ${pad('A-id slot', 24)} ${pad('B gets', 16)} ${pad('own ids (ctrl)', 16)} verdict`,
        ...rows,
        '',
        `no ID argument (not swept): ${uncovered.join(' ')}`,
      ].join('\n'),
    );
    expect(
      [...controls.values()].filter((code) => code === 'INTERNAL_SERVER_ERROR' || code.startsWith('HTTP 5')),
      "a 5xx with B's own ids",
    ).toEqual([]);
    for (const failure of failures) {
      console.log(
        `FAIL ${failure.call.appType} ${failure.call.field.name} [${failure.call.variant}]: ${failure.why}\n  variables: ${JSON.stringify(failure.variables)}\n  response: ${JSON.stringify(failure.response.body).slice(0, 600)}`,
      );
    }
    if (changedOfB.length) console.log(`B's data changed by calls that should all have been refused: ${changedOfB.join(', ')}`);
    expect(outcomes.length).toBeGreaterThan(0);
    expect(changedOfB, "B's data changed by refused calls").toEqual([]);
    expect(failures.map((f) => `${f.call.appType} ${f.call.field.name} [${f.call.variant}]: ${f.why}`)).toEqual([]);
  });
});
