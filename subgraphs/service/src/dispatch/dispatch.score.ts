// Who can take a work order, and who should. Pure functions: the same technicians, bookings and job
// always give the same ranking, which the tests pin.
//
// Eligibility (every rule must hold; each failure is one line of `ineligibleBecause`):
//   active        the technician is active
//   skills        every required skill at the required level or above
//   area          at least one of the technician's service areas covers the location (ZIP or polygon)
//   working hours working time of `estimatedMinutes` inside the requested window
//   time off      ... not taken by time off
//   assignments   ... not taken by another live booking (no double booking), nor by the tenant's
//                 travel buffer (`dispatch.travelBufferMinutes`) before and after each booking
//   daily limit   ... on a local day with fewer bookings than `dispatch.maxJobsPerTechnicianPerDay`
//   travel        no farther from the job than `dispatch.maxTravelDistance` (in `units.distance`),
//                 measured as the distance criterion below; not judged when either point is unknown
// A technician without working hours of their own works the tenant's `workingHours`.
//
// Score of an eligible technician, 0–100 (each criterion is one line of `reasons`):
//   | criterion    | points | how                                                                      |
//   |--------------|--------|--------------------------------------------------------------------------|
//   | skills       | 0–30   | 30 × mean over required skills of level / 5; 30 when none are required   |
//   | area         | —      | an eligibility rule only; the reason names the covering area             |
//   | availability | 0–20   | 20 when the slot starts as the window opens, falling linearly to 0 for   |
//   |              |        | the last possible start; 20 when the window has no slack                 |
//   | workload     | 0–20   | 20 − 4 per current assignment (live booking), 0 from 5 on               |
//   | distance     | 0–30   | 30 at 0 km, falling linearly to 0 at 80 km, measured from the last job   |
//   |              |        | ending within 12 h before the slot, else from the home base; 0 when the  |
//   |              |        | location or the origin has no coordinates                                |
//   | preemption   | −10    | per non-emergency order an emergency takes the slot from                 |
// Ties: higher score, then earlier slot, then lower technician id. Ineligible technicians follow, by id.
import { type Lean } from '@attunelogic/shared';
import { distanceKm, type GeoPoint } from '../geo/geo';
import { type Booking, type TechnicianDocument } from '../technicians/technicians.model';
import { hoursOf, NO_BOOKING_POLICY, type BookingPolicy } from '../settings';
import { describePeriods, earliestFit, localDayOf, MINUTE_MS, overlaps, subtractIntervals, workingIntervals, type Interval } from '../technicians/working-hours';
import { type RequiredSkill, type WorkOrderPriority } from '../work-orders/work-orders.model';

type Technician = Lean<TechnicianDocument>;

export const SCORE = {
  skills: 30,
  availability: 20,
  workload: 20,
  workloadPerAssignment: 4,
  distance: 30,
  distanceZeroKm: 80,
  lastJobWithinMs: 12 * 60 * MINUTE_MS,
  preemptionPenalty: 10,
} as const;

/** The job as dispatch sees it. */
export interface DispatchJob {
  number: number;
  priority: WorkOrderPriority;
  requiredSkills: readonly RequiredSkill[];
  window: Interval;
  durationMs: number;
  point: GeoPoint | null;
  /** The areas covering the location: id (hex) → how, e.g. `North Side (ZIP 60614)`. */
  coveringAreas: ReadonlyMap<string, string>;
}

export interface Evaluation {
  technician: Technician;
  eligible: boolean;
  score: number;
  reasons: string[];
  ineligibleBecause: string[];
  slot: Interval | null;
  /** Bookings an emergency takes the slot from (only when preempting). */
  preempts: Booking[];
}

const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits;
const points = (value: number, of: number): string => `${round(value, 1)} of ${of}`;
/** `2030-01-07T09:00Z`: minutes are the schedule's resolution. */
export const isoMinute = (ms: number): string => `${new Date(ms).toISOString().slice(0, 16)}Z`;
const span = (interval: Interval): string => `${isoMinute(interval.start)}–${isoMinute(interval.end)}`;
const asInterval = (period: { start: Date; end: Date }): Interval => ({ start: period.start.getTime(), end: period.end.getTime() });

/** Skill lines: what is missing (ineligible) and the points. */
function judgeSkills(technician: Technician, required: readonly RequiredSkill[]): { problems: string[]; points: number; reason: string } {
  if (required.length === 0) return { problems: [], points: SCORE.skills, reason: `skills: none required → ${points(SCORE.skills, SCORE.skills)}` };
  const problems: string[] = [];
  const held: string[] = [];
  let sum = 0;
  for (const skill of required) {
    const has = technician.skills.find((s) => s.name === skill.name);
    if (!has) problems.push(`missing skill ${skill.name} (level ${skill.minLevel} needed)`);
    else if (has.level < skill.minLevel) problems.push(`skill ${skill.name} at level ${has.level}, level ${skill.minLevel} needed`);
    sum += Math.min(has?.level ?? 0, 5) / 5;
    held.push(`${skill.name} ${has?.level ?? 0}/5 (needs ${skill.minLevel})`);
  }
  const value = (SCORE.skills * sum) / required.length;
  return { problems, points: value, reason: `skills: ${held.join(', ')} → ${points(value, SCORE.skills)}` };
}

/** The earliest slot and, when there is none, why not. */
function findSlot(technician: Technician, job: DispatchJob, bookings: readonly Booking[], policy: BookingPolicy): { slot: Interval | null; problem: string | null } {
  const hours = hoursOf(technician, policy.defaultHours);
  const working = workingIntervals(hours.periods, hours.timeZone, job.window.start, job.window.end);
  if (!earliestFit(working, job.durationMs)) {
    const whose = hours.own ? '' : ", the company's hours";
    return {
      slot: null,
      problem: `no working time of ${job.durationMs / MINUTE_MS} min in the window ${span(job.window)} (works ${describePeriods(hours.periods)}, ${hours.timeZone}${whose})`,
    };
  }
  const timeOff = technician.timeOff.map(asInterval).filter((period) => overlaps(period, job.window));
  const available = subtractIntervals(working, timeOff);
  if (!earliestFit(available, job.durationMs)) {
    return { slot: null, problem: `time off during the window: ${timeOff.map(span).join(', ')}` };
  }
  // Whole local days already holding the tenant's maximum of jobs are not available at all.
  const fullDays = fullDaysOf(technician, bookings, policy, job.window);
  const open = subtractIntervals(available, fullDays);
  if (!earliestFit(open, job.durationMs)) {
    return { slot: null, problem: `at the limit of ${policy.maxJobsPerDay} jobs a day on ${fullDays.map((day) => day.date).join(', ')}` };
  }
  // Each booking keeps the travel buffer free before and after it.
  const buffer = policy.travelBufferMs;
  const booked = bookings
    .map((b) => ({ booking: b, interval: asInterval(b), blocked: { start: b.start.getTime() - buffer, end: b.end.getTime() + buffer } }))
    .filter(({ blocked }) => overlaps(blocked, job.window));
  const slot = earliestFit(
    subtractIntervals(
      open,
      booked.map(({ blocked }) => blocked),
    ),
    job.durationMs,
  );
  if (!slot) {
    const list = booked
      .sort((a, b) => a.interval.start - b.interval.start)
      .slice(0, 5)
      .map(({ booking, interval }) => `WO #${booking.workOrderNumber} ${span(interval)}`);
    const travel = buffer > 0 ? ` (with ${buffer / MINUTE_MS} min travel buffer)` : '';
    return { slot: null, problem: `booked during the window${travel}: ${list.join(', ')}${booked.length > 5 ? ', …' : ''}` };
  }
  return { slot, problem: null };
}

/** The technician's local days touching the window that already hold `maxJobsPerDay` bookings. */
function fullDaysOf(technician: Technician, bookings: readonly Booking[], policy: BookingPolicy, window: Interval): (Interval & { date: string })[] {
  if (policy.maxJobsPerDay === null) return [];
  const perDay = new Map<string, { day: Interval & { date: string }; count: number }>();
  for (const booking of bookings) {
    const day = localDayOf(booking.start.getTime(), technician.timeZone);
    const entry = perDay.get(day.date) ?? { day, count: 0 };
    entry.count++;
    perDay.set(day.date, entry);
  }
  return [...perDay.values()]
    .filter(({ day, count }) => count >= policy.maxJobsPerDay! && overlaps(day, window))
    .map(({ day }) => day)
    .sort((a, b) => a.start - b.start);
}

/** Where the technician comes from to a slot: the last job ending within 12 h before it, else the home base. */
function originOf(technician: Technician, slot: Interval, bookings: readonly Booking[]): { point: GeoPoint; label: string } | null {
  const previous = bookings
    .filter((b) => b.end.getTime() <= slot.start && slot.start - b.end.getTime() <= SCORE.lastJobWithinMs)
    .sort((a, b) => b.end.getTime() - a.end.getTime() || a.workOrderNumber - b.workOrderNumber)[0];
  if (previous?.point) return { point: previous.point, label: `the previous job (WO #${previous.workOrderNumber})` };
  if (technician.homeBase) return { point: technician.homeBase, label: 'home base' };
  return null;
}

/**
 * Judges one technician for a job against their live bookings. `preemptible` names bookings (by work
 * order id) an emergency may take the slot from; they are only ignored when no slot exists otherwise.
 * `policy` is the tenant's travel buffer and daily limit (none by default).
 */
export function evaluate(
  technician: Technician,
  job: DispatchJob,
  live: readonly Booking[],
  preemptible: ReadonlySet<string> = new Set(),
  policy: BookingPolicy = NO_BOOKING_POLICY,
): Evaluation {
  const ineligibleBecause: string[] = [];
  const reasons: string[] = [];
  if (!technician.active) ineligibleBecause.push('inactive');

  const skills = judgeSkills(technician, job.requiredSkills);
  ineligibleBecause.push(...skills.problems);

  const areas = technician.serviceAreaIds.map((id) => job.coveringAreas.get(id.toHexString())).filter((name): name is string => name !== undefined);
  if (areas.length === 0) {
    ineligibleBecause.push(
      job.coveringAreas.size === 0 ? 'no service area covers the location' : `covers none of the areas at the location (${[...job.coveringAreas.values()].join(', ')})`,
    );
  }

  let { slot, problem } = findSlot(technician, job, live, policy);
  let preempts: Booking[] = [];
  if (!slot && preemptible.size > 0) {
    const kept = live.filter((b) => !preemptible.has(b.workOrderId.toHexString()));
    const retry = findSlot(technician, job, kept, policy);
    if (retry.slot) {
      slot = retry.slot;
      problem = null;
      preempts = live.filter((b) => preemptible.has(b.workOrderId.toHexString()) && overlaps(asInterval(b), retry.slot!));
    }
  }
  if (problem) ineligibleBecause.push(problem);

  // Where the technician comes from depends on the slot: without one there is nothing to measure.
  const kept = live.filter((b) => !preempts.includes(b));
  const origin = slot ? originOf(technician, slot, kept) : null;
  const km = job.point && origin ? distanceKm(origin.point, job.point) : null;
  if (km !== null && origin && policy.maxTravel && km > policy.maxTravel.km) {
    ineligibleBecause.push(`${round(km, 1)} km from ${origin.label}, farther than the maximum travel distance of ${policy.maxTravel.label}`);
  }

  if (ineligibleBecause.length > 0 || !slot) {
    return { technician, eligible: false, score: 0, reasons, ineligibleBecause, slot: null, preempts: [] };
  }

  reasons.push(skills.reason);
  reasons.push(`area: covers ${areas.join(', ')}`);

  const slack = job.window.end - job.window.start - job.durationMs;
  const delay = slot.start - job.window.start;
  const availability = slack <= 0 ? SCORE.availability : SCORE.availability * (1 - delay / slack);
  reasons.push(`availability: slot ${span(slot)}, ${Math.round(delay / MINUTE_MS)} min after the window opens → ${points(availability, SCORE.availability)}`);

  const assignments = live.length - preempts.length;
  const workload = Math.max(0, SCORE.workload - SCORE.workloadPerAssignment * assignments);
  reasons.push(`workload: ${assignments} current assignment${assignments === 1 ? '' : 's'} → ${points(workload, SCORE.workload)}`);

  let distance = 0;
  if (km !== null && origin) {
    distance = SCORE.distance * Math.max(0, 1 - km / SCORE.distanceZeroKm);
    reasons.push(`distance: ${round(km, 1)} km from ${origin.label} → ${points(distance, SCORE.distance)}`);
  } else {
    reasons.push(`distance: unknown (${job.point ? 'no home base or previous job' : 'the location has no coordinates'}) → ${points(0, SCORE.distance)}`);
  }

  let score = skills.points + availability + workload + distance;
  if (preempts.length > 0) {
    score -= SCORE.preemptionPenalty * preempts.length;
    reasons.push(
      `preemption: takes the slot of ${preempts.map((b) => `WO #${b.workOrderNumber} (${b.priority})`).join(', ')} → −${SCORE.preemptionPenalty * preempts.length}`,
    );
  }
  return { technician, eligible: true, score: round(Math.max(0, score)), reasons, ineligibleBecause: [], slot, preempts };
}

/** Best first: eligible by score, then earlier slot, then id; the ineligible after them by id. */
export function rank(evaluations: readonly Evaluation[]): Evaluation[] {
  const id = (e: Evaluation) => e.technician._id.toHexString();
  return [...evaluations].sort((a, b) => {
    if (a.eligible !== b.eligible) return a.eligible ? -1 : 1;
    if (a.eligible && b.eligible) {
      if (a.score !== b.score) return b.score - a.score;
      if (a.slot!.start !== b.slot!.start) return a.slot!.start - b.slot!.start;
    }
    return id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0;
  });
}
