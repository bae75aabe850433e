import mongoose, { type Model, type UpdateQuery } from 'mongoose';
import { conflict, notFound } from '../errors/domain-error';
import { isDuplicateKey } from '../errors/mapper';
import { type Lean } from '../loaders';
import { parseId } from '../mongo/ids';
import { tenantScope } from '../mongo/scope';
import { type SubgraphContext } from '../subgraph-server';
import { buildEvents, pendingMarker, publishEventsOf, withEvents, withoutMarker, type EventDraft, type StoredEvent } from '../events/outbox';

// The paths every feature takes through a tenant's own records, written once: another tenant's
// record and a missing one are the same `NOT_FOUND`, every write is scoped to the tenant, and every
// create or update primes the request's loader and records its audit event.

/** What the owned-record helpers need of a request's context. */
export type OwnedContext = Pick<SubgraphContext, 'tenant' | 'loaders' | 'audit'> & Partial<Pick<SubgraphContext, 'clock'>>;

/** A client id (parsed with `parseId`, `BAD_USER_INPUT` when malformed) or an id already parsed. */
export type OwnedId = mongoose.Types.ObjectId | unknown;

const toObjectId = (id: OwnedId, field: string): mongoose.Types.ObjectId => (id instanceof mongoose.Types.ObjectId ? id : parseId(id, field));

/** The filter of one record of the tenant. */
export const ownedFilter = (ctx: Pick<OwnedContext, 'tenant'>, _id: mongoose.Types.ObjectId) => ({ _id, ...tenantScope(ctx.tenant) });

/**
 * One of the tenant's records through the request's loader (batched, cached for the request):
 * `NOT_FOUND` when missing or another tenant's. For reads and for checking references.
 * @example const vehicle = await loadOwned(ctx, ctx.models.Vehicle, input.vehicleId, 'Vehicle', 'vehicleId');
 */
export async function loadOwned<T>(ctx: OwnedContext, model: Model<T>, id: OwnedId, what: string, field = 'id'): Promise<Lean<T>> {
  const key = toObjectId(id, field).toHexString();
  const doc = await ctx.loaders.byId(model).load(key);
  if (!doc) throw notFound(what, key);
  return doc;
}

/**
 * One of the tenant's records read from the database (not the loader), for a write decided on its
 * current state: `NOT_FOUND` when missing or another tenant's. `select` reads only those fields.
 * @example const before = await findOwned(ctx, ctx.models.Load, id, 'Load');
 */
export async function findOwned<T>(ctx: OwnedContext, model: Model<T>, id: OwnedId, what: string, options?: { field?: string }): Promise<Lean<T>>;
export async function findOwned<T, K extends keyof T & string>(
  ctx: OwnedContext,
  model: Model<T>,
  id: OwnedId,
  what: string,
  options: { field?: string; select: readonly K[] },
): Promise<Lean<Pick<T, K>>>;
export async function findOwned<T>(
  ctx: OwnedContext,
  model: Model<T>,
  id: OwnedId,
  what: string,
  options: { field?: string; select?: readonly string[] } = {},
): Promise<Lean<T>> {
  const _id = toObjectId(id, options.field ?? 'id');
  const query = model.findOne(ownedFilter(ctx, _id));
  if (options.select) query.select(Object.fromEntries(options.select.map((field) => [field, 1])));
  const doc = await query.lean<Lean<T>>();
  if (!doc) throw notFound(what, _id.toHexString());
  return withoutMarker(doc);
}

/** What a refused write becomes: a duplicate key (a unique index) as the given error; anything else unchanged. */
export type DuplicateKey = Error | (() => Error);

function mapWriteError(error: unknown, duplicate: DuplicateKey | undefined): unknown {
  if (!duplicate || !isDuplicateKey(error)) return error;
  return typeof duplicate === 'function' ? duplicate() : duplicate;
}

export interface CreateOwnedOptions<T> {
  /** The record's type, for the audit event. */
  what: string;
  /** The error a duplicate key becomes (e.g. `CONFLICT` naming the field). */
  duplicate?: DuplicateKey;
  /** The view of the record the audit event stores (default: all of it). */
  audit?: (doc: Lean<T>) => Record<string, unknown>;
  /** The domain events of the creation, stored with the record in the same insert (see `events/outbox.ts`). */
  events?: readonly EventDraft[];
}

/** The events of a write about `what` `id`, stamped with the request's time. */
function eventsOf(ctx: OwnedContext, what: string, id: mongoose.Types.ObjectId, drafts: readonly EventDraft[] | undefined): StoredEvent[] {
  if (!drafts?.length) return [];
  return buildEvents(ctx.tenant.tenantId, { type: what, id: id.toHexString() }, drafts, ctx.clock?.now() ?? new Date());
}

/** Moves a write's events from its record to the outbox. A failure is left to the relay's sweeper: the change is made, its events are stored with it. */
const publishEvents = <T>(model: Model<T>, id: mongoose.Types.ObjectId, events: readonly StoredEvent[]): Promise<void> => publishEventsOf(model, id, events);

/**
 * Creates one of the tenant's records: `parentCompany` and (where the schema has it) `createdBy` from the context, the loader
 * primed with the new record, one audit event.
 * @example await createOwned(ctx, ctx.models.Trailer, { unitNumber, vin }, { what: 'Trailer', duplicate: conflict('…') });
 */
export async function createOwned<T>(ctx: OwnedContext, model: Model<T>, doc: Record<string, unknown>, options: CreateOwnedOptions<T>): Promise<Lean<T>> {
  let created: Lean<T>;
  const id = doc['_id'] instanceof mongoose.Types.ObjectId ? doc['_id'] : new mongoose.Types.ObjectId();
  const events = eventsOf(ctx, options.what, id, options.events);
  try {
    // The document's shape is the model schema's to check (cast and validated by mongoose).
    const createdBy = model.schema.path('createdBy') ? { createdBy: new mongoose.Types.ObjectId(ctx.tenant.userId) } : {};
    const saved = await model.create({
      ...createdBy,
      ...doc,
      ...(events.length > 0 && { _id: id, pendingEvents: pendingMarker(events) }),
      ...tenantScope(ctx.tenant),
    } as T);
    created = withoutMarker(saved.toObject<Lean<T>>());
  } catch (error) {
    throw mapWriteError(error, options.duplicate);
  }
  await publishEvents(model, id, events);
  const key = created._id.toHexString();
  ctx.loaders.byId(model).prime(key, created);
  ctx.audit.record(options.what, key, null, options.audit ? options.audit(created) : { ...created });
  return created;
}

export interface UpdateOwnedOptions<T> {
  /** The record's type, for `NOT_FOUND` and the audit event. */
  what: string;
  /**
   * Conditions the record must still meet (the state the change was decided on), checked in the
   * same atomic `findOneAndUpdate`: a concurrent change makes the write miss rather than overwrite.
   */
  guard?: Record<string, unknown>;
  /**
   * What a missed write becomes when the record still exists: a message for `CONFLICT`, or an error
   * built from the record as it is now. A record gone meanwhile is `NOT_FOUND`.
   */
  changed?: string | ((current: Lean<T>) => Error);
  duplicate?: DuplicateKey;
  /** The audit event's view of before and after (default: all of it); `false` when the caller records its own. */
  audit?: ((doc: Lean<T>) => Record<string, unknown>) | false;
  /** Mongoose's update validators (default on). */
  runValidators?: boolean;
  /** The domain events of the change, stored with it in the same `findOneAndUpdate` (see `events/outbox.ts`). */
  events?: readonly EventDraft[];
}

/**
 * Writes `update` to the tenant's record `before` (as `findOwned` read it) in one `findOneAndUpdate` scoped to the tenant
 * (and `guard`), then refreshes the request's loader and records the audit event (before, after).
 * @example await updateOwned(ctx, Load, before, { $set: { status: to } }, { what: 'Load', guard: { status: before.status } });
 */
export async function updateOwned<T>(
  ctx: OwnedContext,
  model: Model<T>,
  before: Pick<Lean<T>, '_id'> & Partial<T>,
  update: UpdateQuery<T>,
  options: UpdateOwnedOptions<T>,
): Promise<Lean<T>> {
  const { what } = options;
  const filter = ownedFilter(ctx, before._id);
  const key = before._id.toHexString();
  let updated: Lean<T> | null;
  const events = eventsOf(ctx, what, before._id, options.events);
  try {
    updated = await model
      .findOneAndUpdate({ ...options.guard, ...filter }, withEvents(update as Record<string, unknown>, events) as UpdateQuery<T>, {
        returnDocument: 'after',
        runValidators: options.runValidators ?? true,
      })
      .lean<Lean<T>>();
  } catch (error) {
    throw mapWriteError(error, options.duplicate);
  }
  if (!updated) {
    const current = await model.findOne(filter).lean<Lean<T>>();
    if (!current) throw notFound(what, key);
    const { changed } = options;
    throw typeof changed === 'function' ? changed(current) : conflict(changed ?? `The ${what} was changed by another request; try again.`);
  }
  withoutMarker(updated);
  await publishEvents(model, before._id, events);
  ctx.loaders.byId(model).clear(key).prime(key, updated);
  if (options.audit !== false) {
    const view = options.audit ?? ((doc: Lean<T>): Record<string, unknown> => ({ ...doc }));
    // A record read with `select` comes with `audit: false` and its caller's own event.
    ctx.audit.record(what, key, view(before as Lean<T>), view(updated));
  }
  return updated;
}

export interface SetRetiredOptions<T> {
  /** The record's type, for `NOT_FOUND` and the audit event. */
  what: string;
  /** Whether the record is retired as it stands. */
  isRetired: (doc: Lean<T>) => boolean;
  /** What retiring (`true`) or reinstating (`false`) writes. */
  set: (retire: boolean) => Record<string, unknown>;
  /** A record already so: this error (e.g. `CONFLICT`), or, without it, the record answered as it is. */
  already?: (retire: boolean) => Error;
  /** Checked before retiring, on the record as read: throws to refuse (e.g. `CONFLICT` while open work names it). */
  beforeRetiring?: () => Promise<void> | void;
  /** The state the change was decided on, as in `updateOwned` (default: none). */
  guard?: Record<string, unknown>;
  /** What a missed guard becomes, as in `updateOwned`. */
  changed?: string;
  /** Counters incremented in the same write (e.g. a version that says the record changed). */
  inc?: Record<string, number>;
  /** The audit event's view of the record, as in `updateOwned`. */
  audit?: (doc: Lean<T>) => Record<string, unknown>;
}

/**
 * Retires the tenant's record `before` (as `findOwned` read it) or reinstates it: the record stays for
 * history, only its retirement fields change, under the guard, with the loader refreshed and one
 * audit event. The shape of every retire/reactivate mutation; the record's own rules come as options.
 * @example await setRetiredOwned(ctx, ctx.models.Customer, before, retire, { what: 'Customer', isRetired: (c) => Boolean(c.retiredAt), set: (r) => ({ retiredAt: r ? now : null }) });
 */
export async function setRetiredOwned<T>(ctx: OwnedContext, model: Model<T>, before: Lean<T>, retire: boolean, options: SetRetiredOptions<T>): Promise<Lean<T>> {
  if (options.isRetired(before) === retire) {
    if (options.already) throw options.already(retire);
    return before;
  }
  if (retire) await options.beforeRetiring?.();
  const update = { $set: options.set(retire), ...(options.inc && { $inc: options.inc }) };
  return updateOwned(ctx, model, before as Pick<Lean<T>, '_id'> & Partial<T>, update as UpdateQuery<T>, {
    what: options.what,
    ...(options.audit && { audit: options.audit }),
    ...(options.guard && { guard: options.guard }),
    ...(options.changed !== undefined && { changed: options.changed }),
  });
}

/** The messages of a record retired by date (`retiredAt`) when it already is as asked: `<label> is already retired.` / `<label> is not retired.` */
export const alreadyRetired = (label: string) => (retire: boolean) => conflict(retire ? `${label} is already retired.` : `${label} is not retired.`);

/**
 * The guard of a write decided on the record as read (its `updatedAt`: any change meanwhile makes the
 * write miss), and what a miss says: `<label> was changed by another request; reload it and try again.`
 * @example await updateOwned(ctx, ctx.models.Customer, before, { $set }, { what: 'Customer', ...unchangedSince(before, 'The customer') });
 */
export const unchangedSince = (before: { updatedAt?: Date | null }, label: string): { guard: Record<string, unknown>; changed: string } => ({
  guard: { updatedAt: before.updatedAt },
  changed: `${label} was changed by another request; reload it and try again.`,
});

/**
 * The options of `setRetiredOwned` for a record retired by date (`retiredAt`, null while in use),
 * guarded by its `updatedAt`; `label` names it in the messages (`The customer`, `Item SKU-1`).
 * @example await setRetiredOwned(ctx, ctx.models.Customer, before, retire, { what: 'Customer', ...retiredByDate(before, ctx.clock.now(), 'The customer') });
 */
export const retiredByDate = (before: { updatedAt?: Date | null }, now: Date, label: string) => ({
  isRetired: (doc: { retiredAt?: Date | null }) => Boolean(doc.retiredAt),
  set: (retire: boolean) => ({ retiredAt: retire ? now : null }),
  already: alreadyRetired(label),
  ...unchangedSince(before, label),
});

/**
 * Retires (or reinstates) the tenant's record `id`, retired by date: `findOwned`, then
 * `setRetiredOwned` with `retiredByDate`. `label` names the record as read in the messages.
 * @example await setRetiredByDate(ctx, ctx.models.ServiceArea, id, retire, { what: 'ServiceArea', now: ctx.clock.now(), label: () => 'The service area' });
 */
export async function setRetiredByDate<T extends { retiredAt?: Date | null; updatedAt?: Date | null }>(
  ctx: OwnedContext,
  model: Model<T>,
  id: OwnedId,
  retire: boolean,
  options: { what: string; now: Date; label: (doc: Lean<T>) => string },
): Promise<Lean<T>> {
  const before = await findOwned(ctx, model, id, options.what);
  return setRetiredOwned(ctx, model, before, retire, { what: options.what, ...retiredByDate(before, options.now, options.label(before)) });
}
