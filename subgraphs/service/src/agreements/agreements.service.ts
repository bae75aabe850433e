import mongoose from 'mongoose';
import { z } from 'zod';
import { MAX_AMOUNT_CENTS, multiLine, paginate, singleLine, type Connection, type ConnectionArgs, type Lean } from '@attunelogic/shared';
import { badInput, conflict, DomainError } from '@attunelogic/shared/errors';
import { parseId, tenantScope } from '@attunelogic/shared/mongo';
import { createOwned, findOwned, loadOwned, setRetiredOwned, retiredByDate, unchangedSince, updateOwned } from '@attunelogic/shared/subgraph';
import { requireAccess } from '../access';
import { firstUsableLocation, loadCustomer, usableLocationOf } from '../customers/customers.service';
import { type ServiceContext } from '../models';
import { defaultJobMinutesFor, tenantTimeZoneFor } from '../settings';
import { skillName } from '../technicians/technicians.service';
import { MINUTE_MS } from '../technicians/working-hours';
import { WORK_ORDER_PRIORITIES, type WorkOrderDocument } from '../work-orders/work-orders.model';
import { DEFAULT_ESTIMATED_MINUTES, MAX_WINDOW_DAYS, openWorkOrder, PLANNING_STATUSES, WORK_ORDERS_FEATURE } from '../work-orders/work-orders.service';
import { type AgreementTemplate, type ServiceAgreementDocument } from './agreements.model';
import { nextOccurrences, normaliseRule, occurrencesBetween } from './schedule-rule';

type Agreement = Lean<ServiceAgreementDocument>;

/** How far ahead an agreement's work orders exist: generation covers [now, now + horizon]. */
export const GENERATION_HORIZON_DAYS = 60;
/**
 * How long a claimed occurrence without its work order still counts as being created by the run that
 * claimed it; an older claim is a run that died between the two writes and is taken over.
 */
export const CLAIM_GRACE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
/**
 * The most occurrences an agreement may have in any horizon it is generated over (one a day on
 * average): each is a work order written at once by the mutation, so the mutation's work stays within
 * a request's time. A denser rule (`FREQ=DAILY;BYHOUR=…`) is BAD_USER_INPUT.
 */
export const MAX_OCCURRENCES_PER_HORIZON = GENERATION_HORIZON_DAYS + 1;
/** The single-document writes of one generated occurrence: its claim, the work order's number, the work order, the claim's link to it. */
export const WRITES_PER_OCCURRENCE = 4;
export const DEFAULT_WINDOW_HOURS = 8;

// Agreements are booked work: the office that books work orders keeps them.
const requireAgreements = (ctx: ServiceContext, write: boolean): void => requireAccess(ctx, WORK_ORDERS_FEATURE, write ? 'workOrders:write' : 'workOrders:read');

const objectId = (field: string) => z.string().transform((value) => parseId(value, field));
const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value));
const rrule = z
  .string()
  .max(500)
  .transform((value) => normaliseRule(value));
const line = z.object({
  description: singleLine(200),
  quantity: z.number().positive().max(10_000),
  unitPriceCents: z.number().int().min(0).max(MAX_AMOUNT_CENTS),
});
const template = z.object({
  title: singleLine(200),
  description: multiLine(5_000).nullish(),
  priority: z.enum(WORK_ORDER_PRIORITIES).nullish(),
  jobType: singleLine(60).nullish(),
  estimatedMinutes: z
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .nullish(),
  windowHours: z
    .number()
    .int()
    .min(1)
    .max(MAX_WINDOW_DAYS * 24)
    .nullish(),
  requiredSkills: z
    .array(z.object({ name: skillName, minLevel: z.number().int().min(1).max(5).nullish() }))
    .max(20)
    .nullish(),
  lines: z.array(line).max(50).nullish(),
});
const createInput = z.object({
  name: singleLine(200),
  customerId: objectId('customerId'),
  locationId: objectId('locationId').nullish(),
  template,
  rrule,
  startsAt: instant,
  endsAt: instant.nullish(),
});
const updateInput = z
  .object({
    name: singleLine(200).nullish(),
    locationId: objectId('locationId').nullish(),
    template: template.partial().nullish(),
    rrule: rrule.nullish(),
    startsAt: instant.nullish(),
    endsAt: instant.nullish(),
  })
  .strict();
const filter = z.object({ customerId: objectId('customerId').nullish(), includeRetired: z.boolean().nullish() }).nullish();

export type AgreementFilter = z.input<typeof filter>;

/** The template as stored, from the input and (for an edit) the template it replaces. */
function templateFrom(ctx: ServiceContext, input: z.output<typeof template> | Partial<z.output<typeof template>>, before?: AgreementTemplate): AgreementTemplate {
  const stored: AgreementTemplate = {
    title: input.title ?? before?.title ?? '',
    description: input.description === undefined ? (before?.description ?? null) : input.description || null,
    priority: input.priority ?? before?.priority ?? 'normal',
    jobType: input.jobType === undefined ? (before?.jobType ?? null) : input.jobType || null,
    // Fixed when the agreement is written: the generator runs without the tenant's configuration.
    estimatedMinutes: input.estimatedMinutes ?? before?.estimatedMinutes ?? defaultJobMinutesFor(ctx.tenant, DEFAULT_ESTIMATED_MINUTES),
    windowHours: input.windowHours ?? before?.windowHours ?? DEFAULT_WINDOW_HOURS,
    requiredSkills: input.requiredSkills ? input.requiredSkills.map((s) => ({ name: s.name, minLevel: s.minLevel ?? 1 })) : (before?.requiredSkills ?? []),
    lines: input.lines ? input.lines.map((l) => ({ _id: new mongoose.Types.ObjectId(), ...l })) : (before?.lines ?? []),
  };
  if (stored.windowHours * 60 < stored.estimatedMinutes) {
    throw badInput(`The window of ${stored.windowHours} h is shorter than the job's ${stored.estimatedMinutes} minutes.`, { field: 'template.windowHours' });
  }
  return stored;
}

function checkDates(startsAt: Date, endsAt: Date | null): void {
  if (endsAt && endsAt <= startsAt) throw badInput('An agreement ends after it starts.', { field: 'endsAt' });
}

/**
 * The occurrences a schedule has in its first horizon from now (or from its start, when later):
 * BAD_USER_INPUT (field `rrule`) above MAX_OCCURRENCES_PER_HORIZON, else how many.
 */
function occurrencesPerHorizon(ctx: ServiceContext, schedule: { rrule: string; startsAt: Date; endsAt: Date | null }): number {
  const now = ctx.clock.now();
  const from = schedule.startsAt > now ? schedule.startsAt : now;
  const count = occurrencesBetween(schedule, from, new Date(from.getTime() + GENERATION_HORIZON_DAYS * DAY_MS), MAX_OCCURRENCES_PER_HORIZON + 1).length;
  if (count > MAX_OCCURRENCES_PER_HORIZON) {
    throw badInput(
      `The schedule rule has more than ${MAX_OCCURRENCES_PER_HORIZON} occurrences in ${GENERATION_HORIZON_DAYS} days; an agreement is visited at most once a day.`,
      {
        field: 'rrule',
      },
    );
  }
  return count;
}

/** Occurrences already in the horizon of `agreement` from now: its future work orders an edit may touch. */
const occurrencesAhead = (ctx: ServiceContext, agreement: Agreement): number => {
  const now = ctx.clock.now();
  return agreement.retiredAt ? 0 : occurrencesBetween(agreement, now, new Date(now.getTime() + GENERATION_HORIZON_DAYS * DAY_MS), MAX_OCCURRENCES_PER_HORIZON).length;
};

/** The tenant's agreements, newest first; retired ones only when asked. */
export async function listAgreements(ctx: ServiceContext, args: ConnectionArgs & { filter?: AgreementFilter }): Promise<Connection<Agreement>> {
  requireAgreements(ctx, false);
  const parsed = filter.parse(args.filter);
  return paginate(
    ctx.models.ServiceAgreement,
    ctx.tenant,
    { ...(parsed?.customerId && { customerId: parsed.customerId }), ...(!parsed?.includeRetired && { retiredAt: null }) },
    args,
  );
}

/** One of the tenant's agreements; NOT_FOUND when missing or another tenant's. */
export async function getAgreement(ctx: ServiceContext, id: unknown): Promise<Agreement> {
  requireAgreements(ctx, false);
  return loadOwned(ctx, ctx.models.ServiceAgreement, id, 'ServiceAgreement');
}

/**
 * A new agreement for one of the customer's locations in use; its work orders over the horizon are
 * generated at once. Refused with DEADLINE_EXCEEDED before anything is written when the request's time
 * left cannot cover its writes; a deadline that passes while the work orders are generated leaves the
 * rest to the next generator run (see generateAgreementWorkOrders).
 */
export async function createAgreement(ctx: ServiceContext, raw: unknown): Promise<Agreement> {
  requireAgreements(ctx, true);
  const input = createInput.parse(raw);
  checkDates(input.startsAt, input.endsAt ?? null);
  const occurrences = occurrencesPerHorizon(ctx, { rrule: input.rrule, startsAt: input.startsAt, endsAt: input.endsAt ?? null });
  const customer = await loadCustomer(ctx, input.customerId);
  const location = input.locationId ? usableLocationOf(customer, input.locationId) : firstUsableLocation(customer);
  ctx.work.deadline.cover(`An agreement with ${occurrences} work orders`, 1 + occurrences * WRITES_PER_OCCURRENCE);
  const agreement = await createOwned(
    ctx,
    ctx.models.ServiceAgreement,
    {
      name: input.name,
      customerId: customer._id,
      locationId: location._id,
      template: templateFrom(ctx, input.template),
      rrule: input.rrule,
      startsAt: input.startsAt,
      endsAt: input.endsAt ?? null,
      retiredAt: null,
      generatedThrough: null,
      createdBy: new mongoose.Types.ObjectId(ctx.tenant.userId),
    },
    { what: 'ServiceAgreement' },
  );
  await generateAgreementWorkOrders(ctx, agreement);
  return ctx.loaders
    .byId(ctx.models.ServiceAgreement)
    .load(agreement._id.toHexString())
    .then((doc) => doc ?? agreement);
}

/**
 * Edits an agreement (not a retired one). Its future work orders not yet booked (new, scheduled)
 * follow: those the new rule still has take the new template and location, the others are cancelled;
 * then the horizon is generated again. Booked, started and past work stays as it is. Refused with
 * DEADLINE_EXCEEDED before anything is written when the time left cannot cover the edit, the follow
 * (one write per future work order) and the generation; past the deadline, the follow still ends
 * (bounded, so the orders never carry two templates) and the generation leaves the rest to the next run.
 */
export async function updateAgreement(ctx: ServiceContext, id: unknown, raw: unknown): Promise<Agreement> {
  requireAgreements(ctx, true);
  const _id = parseId(id);
  const input = updateInput.parse(raw ?? {});
  const before = await findOwned(ctx, ctx.models.ServiceAgreement, _id, 'ServiceAgreement');
  if (before.retiredAt) throw conflict(`The agreement "${before.name}" is retired; it can no longer be edited.`);
  const $set: Partial<ServiceAgreementDocument> = {};
  if (input.name) $set.name = input.name;
  if (input.locationId) $set.locationId = usableLocationOf(await loadCustomer(ctx, before.customerId), input.locationId)._id;
  if (input.template) $set.template = templateFrom(ctx, input.template, before.template);
  if (input.rrule) $set.rrule = input.rrule;
  if (input.startsAt) $set.startsAt = input.startsAt;
  if (input.endsAt !== undefined) $set.endsAt = input.endsAt;
  checkDates($set.startsAt ?? before.startsAt, $set.endsAt === undefined ? before.endsAt : $set.endsAt);
  const occurrences = occurrencesPerHorizon(ctx, {
    rrule: $set.rrule ?? before.rrule,
    startsAt: $set.startsAt ?? before.startsAt,
    endsAt: $set.endsAt === undefined ? before.endsAt : $set.endsAt,
  });
  ctx.work.deadline.cover(`The agreement's edit with ${occurrences} work orders`, 1 + occurrencesAhead(ctx, before) + occurrences * WRITES_PER_OCCURRENCE);
  const after = await updateOwned(ctx, ctx.models.ServiceAgreement, before, { $set }, { what: 'ServiceAgreement', ...unchangedSince(before, 'The agreement') });
  await followAgreement(ctx, after);
  await generateAgreementWorkOrders(ctx, after);
  return ctx.loaders
    .byId(ctx.models.ServiceAgreement)
    .load(after._id.toHexString())
    .then((doc) => doc ?? after);
}

/** Retires an agreement: nothing more is generated, its future unbooked work orders are cancelled, the rest stays as history. */
export async function retireAgreement(ctx: ServiceContext, id: unknown): Promise<Agreement> {
  requireAgreements(ctx, true);
  const before = await findOwned(ctx, ctx.models.ServiceAgreement, parseId(id), 'ServiceAgreement');
  const retired = await setRetiredOwned(ctx, ctx.models.ServiceAgreement, before, true, {
    what: 'ServiceAgreement',
    ...retiredByDate(before, ctx.clock.now(), `The agreement "${before.name}"`),
  });
  await followAgreement(ctx, retired);
  return retired;
}

type Planned = Pick<Lean<WorkOrderDocument>, '_id' | 'status' | 'occursAt' | 'locationId'>;

/**
 * Brings the agreement's future unbooked work orders in line with it: each guarded by its status
 * (a planning status), so one booked meanwhile is left as it is. A retired agreement cancels them all.
 */
async function followAgreement(ctx: ServiceContext, agreement: Agreement): Promise<{ updated: number; cancelled: number }> {
  const now = ctx.clock.now();
  const planned = await ctx.models.WorkOrder.find({
    ...tenantScope(ctx.tenant),
    agreementId: agreement._id,
    occursAt: mongoose.trusted({ $gte: now }),
    status: mongoose.trusted({ $in: PLANNING_STATUSES }),
  })
    .select({ _id: 1, status: 1, occursAt: 1, locationId: 1 })
    .lean<Planned[]>();
  if (planned.length === 0) return { updated: 0, cancelled: 0 };
  const last = planned.reduce((max, order) => (order.occursAt! > max ? order.occursAt! : max), now);
  const keep = agreement.retiredAt
    ? new Set<number>()
    : new Set(occurrencesBetween(agreement, now, last, undefined, tenantTimeZoneFor(ctx.tenant)).map((d) => d.getTime()));
  const by = new mongoose.Types.ObjectId(ctx.tenant.userId);
  const { template } = agreement;
  let updated = 0;
  let cancelled = 0;
  for (const order of planned) {
    const guard = { ...tenantScope(ctx.tenant), _id: order._id, status: order.status };
    if (keep.has(order.occursAt!.getTime())) {
      const start = order.occursAt!;
      const result = await ctx.models.WorkOrder.updateOne(guard, {
        $set: {
          title: template.title,
          description: template.description,
          priority: template.priority,
          estimatedMinutes: template.estimatedMinutes,
          requiredSkills: template.requiredSkills,
          requestedWindow: { start, end: new Date(start.getTime() + template.windowHours * 60 * MINUTE_MS) },
          locationId: agreement.locationId,
        },
      });
      updated += result.modifiedCount;
    } else {
      const reason = agreement.retiredAt ? 'The service agreement was retired.' : "The service agreement's schedule changed.";
      const result = await ctx.models.WorkOrder.updateOne(guard, {
        $set: { status: 'cancelled', heldFrom: null, cancellation: { reason, at: now, by } },
        $push: { statusHistory: { status: 'cancelled', at: now, by } },
      });
      cancelled += result.modifiedCount;
    }
    ctx.loaders.byId(ctx.models.WorkOrder).clear(order._id.toHexString());
  }
  return { updated, cancelled };
}

/** The key of one occurrence of an agreement: the claim's `_id`. */
export const occurrenceKey = (agreementId: mongoose.Types.ObjectId, at: Date): string => `${agreementId.toHexString()}@${at.toISOString()}`;

export interface GenerationResult {
  created: number;
  /** Occurrences whose work order was refused (e.g. the customer's location retired): retried by the next run. */
  refused: number;
  /** Occurrences left for the next run because the request's deadline passed first. */
  deferred: number;
}

/**
 * Creates the work orders of the agreement's occurrences in [now, now + horizon], each once: an
 * occurrence is first claimed by inserting its key as a primary key (a concurrent or repeated run
 * gets a duplicate key and leaves it), then its work order is opened and the claim records it. A
 * claim left without a work order by a run that died is taken over after CLAIM_GRACE_MS, guarded by
 * its claim time so only one taker wins. Reads: the occurrences' claims in one query.
 * The request's deadline is looked at before each occurrence: once it has passed, the occurrences left
 * are not started and `generatedThrough` stays where it was, so the next run (the nightly generator)
 * generates them; each work order is written whole or not at all.
 */
export async function generateAgreementWorkOrders(ctx: ServiceContext, agreement: Agreement): Promise<GenerationResult> {
  const result: GenerationResult = { created: 0, refused: 0, deferred: 0 };
  if (agreement.retiredAt) return result;
  const now = ctx.clock.now();
  const horizon = new Date(now.getTime() + GENERATION_HORIZON_DAYS * DAY_MS);
  const occurrences = occurrencesBetween(agreement, now, horizon, undefined, tenantTimeZoneFor(ctx.tenant));
  const { AgreementOccurrence: Claims } = ctx.models;
  const scope = tenantScope(ctx.tenant);
  const keys = occurrences.map((at) => occurrenceKey(agreement._id, at));
  const claims = new Map((await Claims.find({ ...scope, _id: mongoose.trusted({ $in: keys }) }).lean()).map((claim) => [claim._id, claim] as const));
  for (const [i, at] of occurrences.entries()) {
    if (ctx.work.deadline.expired) {
      result.deferred = occurrences.length - i;
      ctx.log.warn({ agreementId: agreement._id.toHexString(), deferred: result.deferred }, 'agreement generation left to the next run: the request ran out of time');
      return result;
    }
    const key = keys[i]!;
    const claim = claims.get(key);
    if (claim?.workOrderId) continue;
    if (claim) {
      if (now.getTime() - claim.claimedAt.getTime() < CLAIM_GRACE_MS) continue;
      const taken = await Claims.updateOne({ ...scope, _id: key, workOrderId: null, claimedAt: claim.claimedAt }, { $set: { claimedAt: now } });
      if (taken.modifiedCount === 0) continue;
    } else {
      try {
        await Claims.create({ _id: key, parentCompany: scope.parentCompany, agreementId: agreement._id, occursAt: at, workOrderId: null, claimedAt: now });
      } catch (error) {
        if ((error as { code?: number }).code === 11000) continue;
        throw error;
      }
    }
    let order: Lean<WorkOrderDocument>;
    try {
      order = await openWorkOrder(
        ctx,
        {
          title: agreement.template.title,
          description: agreement.template.description,
          priority: agreement.template.priority,
          customerId: agreement.customerId.toHexString(),
          locationId: agreement.locationId.toHexString(),
          requiredSkills: agreement.template.requiredSkills,
          estimatedMinutes: agreement.template.estimatedMinutes,
          jobType: agreement.template.jobType,
          requestedWindow: { start: at.toISOString(), end: new Date(at.getTime() + agreement.template.windowHours * 60 * MINUTE_MS).toISOString() },
        },
        { agreement: { agreementId: agreement._id, occursAt: at } },
      );
    } catch (error) {
      // Released, so the next run tries again once whatever refused it (a retired location) is fixed.
      await Claims.deleteOne({ ...scope, _id: key, workOrderId: null });
      if (!(error instanceof DomainError)) throw error;
      ctx.log.warn({ agreementId: agreement._id.toHexString(), occursAt: at.toISOString(), code: error.code }, 'agreement occurrence refused');
      result.refused += 1;
      continue;
    }
    await Claims.updateOne({ ...scope, _id: key }, { $set: { workOrderId: order._id } });
    result.created += 1;
  }
  await ctx.models.ServiceAgreement.updateOne({ ...scope, _id: agreement._id, retiredAt: null }, { $set: { generatedThrough: horizon } }, { timestamps: false });
  ctx.loaders.byId(ctx.models.ServiceAgreement).clear(agreement._id.toHexString());
  return result;
}

/** The agreement's next `count` occurrences from now (none once retired). */
export function upcomingOccurrences(ctx: ServiceContext, agreement: Agreement, count: number): Date[] {
  if (agreement.retiredAt) return [];
  if (!Number.isInteger(count) || count < 1 || count > 50) throw badInput('count is 1 to 50.', { field: 'count' });
  return nextOccurrences(agreement, ctx.clock.now(), count, tenantTimeZoneFor(ctx.tenant));
}

/** The work orders the agreement generated, newest first (within one generation: the latest occurrence first). */
export async function workOrdersOfAgreement(ctx: ServiceContext, agreement: Agreement, args: ConnectionArgs): Promise<Connection<Lean<WorkOrderDocument>>> {
  return paginate(ctx.models.WorkOrder, ctx.tenant, { agreementId: agreement._id }, args);
}
