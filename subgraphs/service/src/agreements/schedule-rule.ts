import { createRequire } from 'node:module';
import type * as RRuleModule from 'rrule';
import { badInput } from '@attunelogic/shared/errors';
import { fromFloating, toFloating } from '../technicians/working-hours';

// rrule 2.8.1 ships CommonJS without named exports Node's ESM loader can see: required, typed by its declarations.
const { RRule } = createRequire(import.meta.url)('rrule') as typeof RRuleModule;

/** Daily, weekly, monthly and yearly rules; anything more frequent is not a visit schedule. */
const FREQUENCIES: ReadonlySet<number> = new Set([RRule.YEARLY, RRule.MONTHLY, RRule.WEEKLY, RRule.DAILY]);
const RULE_SHAPE = /^[A-Z]+=[A-Z0-9,+\-:]+(;[A-Z]+=[A-Z0-9,+\-:]+)*$/;
/** The most occurrences one evaluation returns: a daily rule over the horizon stays well under it. */
export const MAX_OCCURRENCES = 400;

/**
 * An agreement's schedule rule: the RRULE body (RFC 5545, e.g. `FREQ=MONTHLY;INTERVAL=3`) from
 * `startsAt`, evaluated on the wall clock of the tenant's time zone (`workingHours.timezone`, else
 * UTC). `BAD_USER_INPUT` (field `rrule`) for anything rrule does not parse, a frequency above daily,
 * or a rule that brings its own DTSTART or TZID.
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
  if (options.dtstart || options.tzid) throw badInput("The schedule rule starts at startsAt, in the tenant's time zone: no DTSTART or TZID in it.", { field: 'rrule' });
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

type Schedule = { rrule: string; startsAt: Date; endsAt: Date | null };

const DAY_MS = 86_400_000;

/**
 * The rule on the wall clock of `timeZone`: rrule runs on floating times (the zone's wall clock
 * written as UTC, what its own TZID support hands back too), and each occurrence is turned back into
 * the instant that wall clock shows — so "the first Monday at 09:00" is 09:00 local before and after
 * a DST change. `toFloating`/`fromFloating` are the identity in UTC.
 */
function ruleIn(agreement: Schedule, timeZone: string) {
  const rule = new RRule({ ...parseRule(agreement.rrule), dtstart: new Date(toFloating(agreement.startsAt.getTime(), timeZone)) });
  const float = (date: Date) => new Date(toFloating(date.getTime(), timeZone));
  const instant = (floating: Date) => new Date(fromFloating(floating.getTime(), timeZone));
  return { rule, float, instant };
}

/** The occurrences of the rule from `startsAt` in [from, to] (both included), at most `limit`, oldest first, on the wall clock of `timeZone`. */
export function occurrencesBetween(agreement: Schedule, from: Date, to: Date, limit = MAX_OCCURRENCES, timeZone = 'UTC'): Date[] {
  const end = agreement.endsAt && agreement.endsAt < to ? agreement.endsAt : to;
  if (end < from) return [];
  const { rule, float, instant } = ruleIn(agreement, timeZone);
  // A day of slack either side: the floating bounds may be off by the zone's offset change.
  return rule
    .between(new Date(float(from).getTime() - DAY_MS), new Date(float(end).getTime() + DAY_MS), true, (_date, i) => i < limit + 4)
    .map(instant)
    .filter((at) => at >= from && at <= end)
    .slice(0, limit);
}

/** The next `count` occurrences at or after `from`, on the wall clock of `timeZone`. */
export function nextOccurrences(agreement: Schedule, from: Date, count: number, timeZone = 'UTC'): Date[] {
  const { rule, float, instant } = ruleIn(agreement, timeZone);
  const since = from < agreement.startsAt ? agreement.startsAt : from;
  const found: Date[] = [];
  let next = rule.after(new Date(float(since).getTime() - DAY_MS), true);
  while (next && found.length < count) {
    const at = instant(next);
    if (agreement.endsAt && at > agreement.endsAt) break;
    if (at >= since) found.push(at);
    next = rule.after(next, false);
  }
  return found;
}
