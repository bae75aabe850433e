import { createRequire } from 'node:module';
import type * as RRuleModule from 'rrule';
import { badInput } from '@attunelogic/shared/errors';

// rrule 2.8.1 ships CommonJS without named exports Node's ESM loader can see: required, typed by its declarations.
const { RRule } = createRequire(import.meta.url)('rrule') as typeof RRuleModule;

/** Daily, weekly, monthly and yearly rules; anything more frequent is not a visit schedule. */
const FREQUENCIES: ReadonlySet<number> = new Set([RRule.YEARLY, RRule.MONTHLY, RRule.WEEKLY, RRule.DAILY]);
const RULE_SHAPE = /^[A-Z]+=[A-Z0-9,+\-:]+(;[A-Z]+=[A-Z0-9,+\-:]+)*$/;
/** The most occurrences one evaluation returns: a daily rule over the horizon stays well under it. */
export const MAX_OCCURRENCES = 400;

/**
 * An agreement's schedule rule: the RRULE body (RFC 5545, e.g. `FREQ=MONTHLY;INTERVAL=3`) from
 * `startsAt`, evaluated in UTC. `BAD_USER_INPUT` (field `rrule`) for anything rrule does not parse,
 * a frequency above daily, or a rule that brings its own DTSTART or TZID.
 */
export function parseRule(body: string): Partial<RRuleModule.Options> {
  const text = body
    .trim()
    .replace(/^RRULE:/i, '')
    .toUpperCase();
  if (!RULE_SHAPE.test(text)) throw badInput('The schedule rule is an RRULE such as FREQ=MONTHLY;INTERVAL=3.', { field: 'rrule' });
  let options: Partial<RRuleModule.Options>;
  try {
    options = RRule.parseString(text);
  } catch (error) {
    throw badInput(`The schedule rule does not parse: ${(error as Error).message}.`, { field: 'rrule' });
  }
  if (options.freq === undefined || !FREQUENCIES.has(options.freq)) {
    throw badInput('The schedule rule needs FREQ=DAILY, WEEKLY, MONTHLY or YEARLY.', { field: 'rrule' });
  }
  if (options.dtstart || options.tzid) throw badInput('The schedule rule starts at startsAt, in UTC: no DTSTART or TZID in it.', { field: 'rrule' });
  return options;
}

/** The rule as stored: normalised, so an equal rule compares equal. */
export const normaliseRule = (body: string): string => {
  parseRule(body);
  return body
    .trim()
    .replace(/^RRULE:/i, '')
    .toUpperCase();
};

/** The occurrences of the rule from `startsAt` in [from, to] (both included), at most `limit`, oldest first. */
export function occurrencesBetween(agreement: { rrule: string; startsAt: Date; endsAt: Date | null }, from: Date, to: Date, limit = MAX_OCCURRENCES): Date[] {
  const end = agreement.endsAt && agreement.endsAt < to ? agreement.endsAt : to;
  if (end < from) return [];
  const rule = new RRule({ ...parseRule(agreement.rrule), dtstart: agreement.startsAt });
  return rule.between(from, end, true, (_date, i) => i < limit);
}

/** The next `count` occurrences at or after `from`. */
export function nextOccurrences(agreement: { rrule: string; startsAt: Date; endsAt: Date | null }, from: Date, count: number): Date[] {
  const rule = new RRule({ ...parseRule(agreement.rrule), dtstart: agreement.startsAt });
  const found: Date[] = [];
  let next = rule.after(from < agreement.startsAt ? agreement.startsAt : from, true);
  while (next && found.length < count && (!agreement.endsAt || next <= agreement.endsAt)) {
    found.push(next);
    next = rule.after(next, false);
  }
  return found;
}
