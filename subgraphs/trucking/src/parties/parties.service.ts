import mongoose from 'mongoose';
import { z } from 'zod';
import { listProjection, multiLine, optionalLine, paginate, singleLine, type Connection, type ConnectionArgs, type Lean, type SelectionInfo } from '@attunelogic/shared';
import { badInput, conflict } from '@attunelogic/shared/errors';
import { parseId } from '@attunelogic/shared/mongo';
import { createOwned, findOwned, loadOwned, setRetiredOwned, retiredByDate, unchangedSince, updateOwned } from '@attunelogic/shared/subgraph';
import { requireAccess } from '../common/access';
import { address, coordinates, objectId, timeWindow } from '../common/inputs';
import { retirementReason } from '../common/retirement';
import { type LoadDocument } from '../loads/loads.model';
import { createLoad, LOADS_FEATURE, MAX_STOPS_PER_LOAD, type Load } from '../loads/loads.service';
import { type TruckingContext } from '../models';
import { PARTY_KINDS, type PartyDocument, type PartyLocation } from './parties.model';

export type Party = Lean<PartyDocument>;

/** A party has at most this many locations, and a location this many contacts. */
export const MAX_PARTY_LOCATIONS = 20;
export const MAX_LOCATION_CONTACTS = 10;
/** Bounds of a search: no user regex ever reaches the database, only escaped, anchored prefixes. */
export const PARTY_SEARCH_LIMITS = { minLength: 2, maxLength: 100, maxWords: 5 } as const;

const fold = (value: string): string => value.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
/** Lower-case, accent-free words of a text: what a party's search matches the beginning of. */
export const wordsOf = (value: string): string[] =>
  fold(value)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
const escapeRegex = (value: string): string => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const email = z.string().trim().toLowerCase().max(254).pipe(z.email('Not a valid email address.'));
const phone = z
  .string()
  .trim()
  .regex(/^\+?[\d\s().-]{7,25}$/, 'A phone number: digits, spaces, ( ) . - and a leading +.');
const notes = multiLine(2_000);
const kinds = z
  .array(z.enum(PARTY_KINDS))
  .min(1, 'A party is at least one of shipper, receiver, broker.')
  .transform((list) => PARTY_KINDS.filter((kind) => list.includes(kind)));

const contactInput = z.object({
  name: singleLine(120),
  role: optionalLine(60).nullish(),
  phone: phone.nullish(),
  email: email.nullish(),
});

const locationInput = z.object({
  id: objectId.nullish(),
  name: singleLine(120),
  address,
  location: coordinates,
  contacts: z.array(contactInput).max(MAX_LOCATION_CONTACTS).nullish(),
  notes: notes.nullish(),
});

const defaultsInput = z.object({
  commodity: singleLine(120).nullish(),
  weightLbs: z.number().int().min(1).max(200_000).nullish(),
  rateCents: z.number().int().min(0).max(100_000_000).nullish(),
});

const createPartyInput = z.object({
  name: singleLine(120),
  kinds,
  email: email.nullish(),
  phone: phone.nullish(),
  paymentTermsDays: z.number().int().min(0).max(365).nullish(),
  defaults: defaultsInput.nullish(),
  locations: z.array(locationInput).max(MAX_PARTY_LOCATIONS).nullish(),
  notes: notes.nullish(),
});

const updatePartyInput = z
  .object({
    name: singleLine(120).optional(),
    kinds: kinds.optional(),
    email: email.nullable().optional(),
    phone: phone.nullable().optional(),
    paymentTermsDays: z.number().int().min(0).max(365).optional(),
    defaults: defaultsInput.optional(),
    locations: z.array(locationInput).max(MAX_PARTY_LOCATIONS).optional(),
    notes: notes.nullable().optional(),
  })
  .refine((input) => Object.keys(input).length > 0, 'Give at least one field to change.');

const partyFilter = z
  .object({
    search: singleLine(PARTY_SEARCH_LIMITS.maxLength)
      .refine((value) => value.length >= PARTY_SEARCH_LIMITS.minLength, `must be at least ${PARTY_SEARCH_LIMITS.minLength} characters`)
      .nullish(),
    kind: z.enum(PARTY_KINDS).nullish(),
    includeRetired: z.boolean().nullish(),
  })
  .nullish();
export type PartyFilter = z.input<typeof partyFilter>;

type LocationInput = z.infer<typeof locationInput>;

/** The stored locations of `inputs`: a listed id must be one of `current`'s (it keeps it), no id a new location. */
function locationsOf(inputs: readonly LocationInput[], current: readonly PartyLocation[] = []): PartyLocation[] {
  const known = new Set(current.map((l) => l._id.toHexString()));
  const seen = new Set<string>();
  return inputs.map((input, i) => {
    const id = input.id?.toHexString();
    if (id && (!known.has(id) || seen.has(id))) {
      throw badInput(seen.has(id) ? 'A location is listed twice.' : 'Not a location of this party.', { field: `locations.${i}.id` });
    }
    if (id) seen.add(id);
    return {
      _id: input.id ?? new mongoose.Types.ObjectId(),
      name: input.name,
      address: { ...input.address, line2: input.address.line2 || null },
      latitude: input.location.latitude,
      longitude: input.location.longitude,
      contacts: (input.contacts ?? []).map((c) => ({ name: c.name, role: c.role || null, phone: c.phone ?? null, email: c.email ?? null })),
      notes: input.notes || null,
    };
  });
}

const defaultsOf = (input: z.infer<typeof defaultsInput> | null | undefined) => ({
  commodity: input?.commodity ?? null,
  weightLbs: input?.weightLbs ?? null,
  rateCents: input?.rateCents ?? null,
});

/** The filter of a search: each word an anchored, escaped prefix on `searchTokens` (indexed). */
function searchFilter(search: string): Record<string, unknown> {
  const prefixes = wordsOf(search);
  if (prefixes.length === 0) throw badInput('The search has no letters or digits.', { field: 'search' });
  if (prefixes.length > PARTY_SEARCH_LIMITS.maxWords) throw badInput(`Search for at most ${PARTY_SEARCH_LIMITS.maxWords} words.`, { field: 'search' });
  return { $and: prefixes.map((prefix) => ({ searchTokens: mongoose.trusted({ $regex: `^${escapeRegex(prefix)}` }) })) };
}

/** The tenant's parties, newest first: those a search finds, of a kind; retired ones only when asked. */
export async function listParties(ctx: TruckingContext, args: ConnectionArgs & { filter?: PartyFilter }, info?: SelectionInfo): Promise<Connection<Party>> {
  requireAccess(ctx.tenant, LOADS_FEATURE, 'loads:read');
  const filter = partyFilter.parse(args.filter);
  return paginate(
    ctx.models.Party,
    ctx.tenant,
    {
      ...(filter?.search ? searchFilter(filter.search) : {}),
      ...(filter?.kind && { kinds: filter.kind }),
      ...(!filter?.includeRetired && { retiredAt: null }),
    },
    args,
    // The search tokens are never served; the locations only when asked for.
    { projection: listProjection(info, { searchTokens: [], locations: ['locations'] }) },
  );
}

export async function getParty(ctx: TruckingContext, id: unknown): Promise<Party> {
  requireAccess(ctx.tenant, LOADS_FEATURE, 'loads:read');
  return loadOwned(ctx, ctx.models.Party, id, 'Party');
}

/** The audit view of a party: everything but its search tokens. */
const auditView = (party: Party): Record<string, unknown> => {
  const { searchTokens: _tokens, ...rest } = party;
  return rest;
};

export async function createParty(ctx: TruckingContext, raw: unknown): Promise<Party> {
  requireAccess(ctx.tenant, LOADS_FEATURE, 'loads:write');
  const input = createPartyInput.parse(raw);
  return createOwned(
    ctx,
    ctx.models.Party,
    {
      name: input.name,
      kinds: input.kinds,
      email: input.email ?? null,
      phone: input.phone ?? null,
      paymentTermsDays: input.paymentTermsDays ?? 30,
      defaults: defaultsOf(input.defaults),
      locations: locationsOf(input.locations ?? []),
      notes: input.notes || null,
      searchTokens: wordsOf(input.name),
      retiredAt: null,
      retirementReason: null,
    },
    { what: 'Party', audit: auditView },
  );
}

/** Corrects a party, guarded by the state read (a change meanwhile is CONFLICT). */
export async function updateParty(ctx: TruckingContext, id: unknown, raw: unknown): Promise<Party> {
  requireAccess(ctx.tenant, LOADS_FEATURE, 'loads:write');
  const _id = parseId(id);
  const input = updatePartyInput.parse(raw);
  const before = await findOwned(ctx, ctx.models.Party, _id, 'Party');
  const $set: Record<string, unknown> = {};
  if (input.name !== undefined) Object.assign($set, { name: input.name, searchTokens: wordsOf(input.name) });
  if (input.kinds !== undefined) $set['kinds'] = input.kinds;
  if (input.email !== undefined) $set['email'] = input.email;
  if (input.phone !== undefined) $set['phone'] = input.phone;
  if (input.paymentTermsDays !== undefined) $set['paymentTermsDays'] = input.paymentTermsDays;
  if (input.defaults !== undefined) $set['defaults'] = defaultsOf(input.defaults);
  if (input.locations !== undefined) $set['locations'] = locationsOf(input.locations, before.locations);
  if (input.notes !== undefined) $set['notes'] = input.notes || null;
  return updateOwned(ctx, ctx.models.Party, before, { $set }, { what: 'Party', audit: auditView, ...unchangedSince(before, 'The party') });
}

/** Retires (or with `retire` false reinstates) a party; loads and invoices keep naming it. */
export async function setPartyRetired(ctx: TruckingContext, id: unknown, retire: boolean, rawReason?: unknown): Promise<Party> {
  requireAccess(ctx.tenant, LOADS_FEATURE, 'loads:write');
  const _id = parseId(id);
  const reason = retirementReason.nullish().parse(rawReason);
  const before = await findOwned(ctx, ctx.models.Party, _id, 'Party');
  const rules = retiredByDate(before, ctx.clock.now(), `Party "${before.name}"`);
  return setRetiredOwned(ctx, ctx.models.Party, before, retire, {
    what: 'Party',
    ...rules,
    set: (r) => ({ ...rules.set(r), retirementReason: r ? (reason ?? null) : null }),
  });
}

/**
 * One of the tenant's parties in use, for a new reference (a bill-to, a stop): NOT_FOUND when
 * missing or another tenant's, CONFLICT when retired.
 */
export async function partyInUse(ctx: TruckingContext, id: unknown, field: string): Promise<Party> {
  const party = await loadOwned(ctx, ctx.models.Party, id, 'Party', field);
  if (party.retiredAt) throw conflict(`Party "${party.name}" is retired; reinstate it to use it again.`, { field });
  return party;
}

const partyStopInput = z.object({
  type: z.enum(['pickup', 'delivery']),
  partyId: objectId,
  locationId: objectId,
  window: z.unknown(),
  pickupIndex: z.number().int().min(0).nullish(),
  notes: z.string().nullish(),
});

const createLoadFromPartyInput = z.object({
  billToId: objectId,
  referenceNumber: z.unknown(),
  customerReference: z.string().nullish(),
  commodity: z.string().nullish(),
  weightLbs: z.number().nullish(),
  rateCents: z.number().nullish(),
  stops: z.array(partyStopInput).min(2).max(MAX_STOPS_PER_LOAD),
  tender: z.boolean().nullish(),
});

/**
 * A load for a bill-to party: commodity, weight and rate from its defaults unless given, each stop
 * at a party's location (its name, address and coordinates copied, the party kept beside them).
 * The rest is createLoad's to check.
 */
export async function createLoadFromParty(ctx: TruckingContext, raw: unknown): Promise<Load> {
  requireAccess(ctx.tenant, LOADS_FEATURE, 'loads:write');
  const input = createLoadFromPartyInput.parse(raw);
  const billTo = await partyInUse(ctx, input.billToId, 'billToId');
  const parties = await Promise.all(input.stops.map((stop, i) => partyInUse(ctx, stop.partyId, `stops.${i}.partyId`)));
  const stops = input.stops.map((stop, i) => {
    const location = parties[i]!.locations.find((l) => l._id.equals(stop.locationId));
    if (!location) throw badInput(`Not a location of party "${parties[i]!.name}".`, { field: `stops.${i}.locationId` });
    timeWindow.parse(stop.window);
    return {
      type: stop.type,
      name: `${parties[i]!.name} — ${location.name}`.slice(0, 120),
      address: { ...location.address, line2: location.address.line2 ?? null },
      location: { latitude: location.latitude, longitude: location.longitude },
      window: stop.window,
      pickupIndex: stop.pickupIndex ?? null,
      notes: stop.notes ?? null,
    };
  });
  const weightLbs = input.weightLbs ?? billTo.defaults.weightLbs;
  const rateCents = input.rateCents ?? billTo.defaults.rateCents;
  if (weightLbs === null || weightLbs === undefined) throw badInput(`Party "${billTo.name}" has no default weight; give weightLbs.`, { field: 'weightLbs' });
  if (rateCents === null || rateCents === undefined) throw badInput(`Party "${billTo.name}" has no default rate; give rateCents.`, { field: 'rateCents' });
  return createLoad(
    ctx,
    {
      referenceNumber: input.referenceNumber,
      customerReference: input.customerReference ?? billTo.name,
      commodity: input.commodity ?? billTo.defaults.commodity,
      weightLbs,
      rateCents,
      stops,
      tender: input.tender ?? false,
    },
    { billTo: billTo._id, stops: input.stops.map((stop) => ({ party: stop.partyId, partyLocation: stop.locationId })) },
  );
}

/** The statuses in which a load's bill-to may still change. */
const BILLABLE_EDIT_LOCKED: readonly LoadDocument['status'][] = ['invoiced', 'cancelled'];

/** Sets (or clears) the party billed for a load, until it is invoiced or cancelled. */
export async function setLoadBillTo(ctx: TruckingContext, id: unknown, billToId: unknown): Promise<Load> {
  requireAccess(ctx.tenant, LOADS_FEATURE, 'loads:write');
  const _id = parseId(id);
  const billTo = billToId === null || billToId === undefined ? null : await partyInUse(ctx, billToId, 'billToId');
  const before = await findOwned(ctx, ctx.models.Load, _id, 'Load');
  if (BILLABLE_EDIT_LOCKED.includes(before.status)) {
    throw conflict(`Load ${before.referenceNumber} is ${before.status}; its bill-to no longer changes.`, { reason: 'FIELD_LOCKED', field: 'billTo' });
  }
  return updateOwned(
    ctx,
    ctx.models.Load,
    before,
    { $set: { billTo: billTo?._id ?? null } },
    {
      what: 'Load',
      guard: { status: before.status, billTo: before.billTo ?? null },
      changed: `Load ${before.referenceNumber} changed meanwhile; reload it and try again.`,
    },
  );
}
