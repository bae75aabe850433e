import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import { multiLine, optionalLine, listProjection, paginate, singleLine, type Connection, type ConnectionArgs, type Lean, type SelectionInfo } from '@attunelogic/shared';
import { badInput, notFound, conflict } from '@attunelogic/shared/errors';
import { parseId, tenantScope } from '@attunelogic/shared/mongo';
import { createOwned, findOwned, loadOwned, retiredByDate, setRetiredOwned, unchangedSince, updateOwned } from '@attunelogic/shared/subgraph';
import { requireAccess } from '../access';
import { geoPointSchema, normalizeZip } from '../geo/geo';
import { type ServiceContext } from '../models';
import { type CustomerDocument, type CustomerLocation } from './customers.model';
import mongoose from 'mongoose';

const FEATURE = 'customerManagement';

const country = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, 'An ISO 3166-1 alpha-2 country code, e.g. US.');

const addressInput = z
  .object({
    line1: singleLine(200),
    line2: optionalLine(200).nullish(),
    city: singleLine(100),
    region: optionalLine(100).nullish(),
    postalCode: singleLine(12),
    country: country.nullish(),
  })
  .transform((address, context) => {
    const countryCode = address.country ?? 'US';
    let postalCode: string | null = address.postalCode.toUpperCase();
    if (countryCode === 'US') postalCode = normalizeZip(postalCode);
    else if (!/^[A-Z0-9][A-Z0-9 -]{1,10}$/.test(postalCode)) postalCode = null;
    if (!postalCode) {
      context.addIssue({ code: 'custom', path: ['postalCode'], message: countryCode === 'US' ? 'A ZIP code has 5 digits (or ZIP+4).' : 'Not a postal code.' });
      return z.NEVER;
    }
    return { line1: address.line1, line2: address.line2 || null, city: address.city, region: address.region || null, postalCode, country: countryCode };
  });

const locationInput = z.object({
  label: optionalLine(100).nullish(),
  address: addressInput,
  coordinates: geoPointSchema.nullish(),
});

const name = singleLine(200);
const email = z
  .string()
  .trim()
  .max(254)
  .toLowerCase()
  .pipe(z.email({ message: 'Not an email address.' }));
const rawPhone = singleLine(32).refine((value) => value.length >= 3, 'must be at least 3 characters');
const notes = multiLine(5_000);

const createCustomerInput = z.object({
  name,
  email: email.nullish(),
  phone: rawPhone.nullish(),
  notes: notes.nullish(),
  locations: z.array(locationInput).min(1, 'A customer has at least one location.').max(20),
});

const updateCustomerInput = z
  .object({ name: name.optional(), email: email.nullable().optional(), phone: rawPhone.nullable().optional(), notes: notes.nullable().optional() })
  .refine((input) => Object.keys(input).length > 0, 'Give at least one field to change.');

/** Bounds of a search: no user regex ever reaches the database, only escaped, anchored prefixes. */
export const SEARCH_LIMITS = { minLength: 2, maxLength: 100, maxWords: 5 } as const;

const customerFilter = z
  .object({
    search: singleLine(SEARCH_LIMITS.maxLength)
      .refine((value) => value.length >= SEARCH_LIMITS.minLength, `must be at least ${SEARCH_LIMITS.minLength} characters`)
      .nullish(),
    includeRetired: z.boolean().nullish(),
  })
  .nullish();

export type CustomerFilter = z.input<typeof customerFilter>;

/** A phone number in E.164, read in `defaultCountry` when it has no country code; `BAD_USER_INPUT` when invalid. */
export function normalizePhone(value: string, defaultCountry: string): { e164: string; national: string } {
  const region = isSupportedCountry(defaultCountry) ? (defaultCountry as CountryCode) : 'US';
  const phone = parsePhoneNumberFromString(value, { defaultCountry: region });
  if (!phone?.isValid()) throw badInput('Not a valid phone number.', { field: 'phone' });
  return { e164: phone.number, national: phone.nationalNumber };
}

const fold = (value: string): string => value.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

/** Lower-case, accent-free words of a text. */
export const wordsOf = (value: string): string[] =>
  fold(value)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/** What a search may match the beginning of: name words, the email, its parts and words, the phone's digits. */
export function searchTokensOf(customer: { name: string; email: string | null; phone: string | null }): string[] {
  const tokens = new Set(wordsOf(customer.name));
  if (customer.email) {
    const [local = '', domain = ''] = customer.email.split('@');
    for (const token of [customer.email, local, domain, ...wordsOf(customer.email)]) if (token) tokens.add(token);
  }
  if (customer.phone) {
    const phone = parsePhoneNumberFromString(customer.phone);
    tokens.add(customer.phone.replace(/\D/g, ''));
    if (phone) tokens.add(phone.nationalNumber);
  }
  return [...tokens];
}

const escapeRegex = (value: string): string => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const PHONE_LIKE = /^\+?[\d\s().-]+$/;

/**
 * The filter of a search: each term becomes an anchored, escaped prefix on `searchTokens` (indexed),
 * so the user's text is never a pattern and never scans from the middle of a field.
 */
export function searchFilter(search: string): Record<string, unknown> {
  let prefixes: string[];
  if (PHONE_LIKE.test(search) && search.replace(/\D/g, '').length >= 3) prefixes = [search.replace(/\D/g, '')];
  else if (search.includes('@')) prefixes = [fold(search.replace(/\s+/g, ''))];
  else prefixes = wordsOf(search);
  if (prefixes.length === 0) throw badInput('The search has no letters or digits.', { field: 'search' });
  if (prefixes.length > SEARCH_LIMITS.maxWords) throw badInput(`Search for at most ${SEARCH_LIMITS.maxWords} words.`, { field: 'search' });
  return { $and: prefixes.map((prefix) => ({ searchTokens: mongoose.trusted({ $regex: `^${escapeRegex(prefix)}` }) })) };
}

/** The tenant's customers, newest first, optionally those a search finds. */
export async function listCustomers(
  ctx: ServiceContext,
  args: ConnectionArgs & { filter?: CustomerFilter },
  info?: SelectionInfo,
): Promise<Connection<Lean<CustomerDocument>>> {
  requireAccess(ctx, FEATURE, 'customers:read');
  const filter = customerFilter.parse(args.filter);
  // The search tokens are never served; the locations only when asked for.
  return paginate(
    ctx.models.Customer,
    ctx.tenant,
    { ...(filter?.search ? searchFilter(filter.search) : {}), ...(!filter?.includeRetired && { retiredAt: null }) },
    args,
    { projection: listProjection(info, { searchTokens: [], locations: ['locations'] }) },
  );
}

/** One of the tenant's customers; `NOT_FOUND` when missing or another tenant's. */
export async function getCustomer(ctx: ServiceContext, id: unknown): Promise<Lean<CustomerDocument>> {
  requireAccess(ctx, FEATURE, 'customers:read');
  return loadCustomer(ctx, parseId(id));
}

/** A customer through the request's loader, `NOT_FOUND` when missing; for the other features' checks. */
export const loadCustomer = (ctx: ServiceContext, id: mongoose.Types.ObjectId): Promise<Lean<CustomerDocument>> => loadOwned(ctx, ctx.models.Customer, id, 'Customer');

/** The customer's location with this id; `NOT_FOUND` when the customer has none such. */
export function locationOf(customer: Pick<CustomerDocument, 'locations'>, locationId: mongoose.Types.ObjectId): CustomerLocation {
  const location = customer.locations.find((l) => l._id.equals(locationId));
  if (!location) throw notFound('CustomerLocation', locationId.toHexString());
  return location;
}

/**
 * The customer's location with this id for new work: `NOT_FOUND` when the customer has none such,
 * `CONFLICT` when the customer or the location is retired.
 */
export function usableLocationOf(customer: Pick<CustomerDocument, 'locations' | 'retiredAt' | 'name'>, locationId: mongoose.Types.ObjectId): CustomerLocation {
  if (customer.retiredAt) throw conflict(`The customer ${customer.name} is retired; reactivate it before new work.`);
  const location = locationOf(customer, locationId);
  if (location.retiredAt) throw conflict(`The location ${location.label ?? location.address.line1} is retired; choose another one.`, { field: 'locationId' });
  return location;
}

/** The customer's first location not retired; `BAD_USER_INPUT` when there is none. */
export function firstUsableLocation(customer: Pick<CustomerDocument, 'locations' | 'retiredAt' | 'name'>): CustomerLocation {
  const location = customer.locations.find((l) => !l.retiredAt);
  if (!location) throw badInput('The customer has no location.', { field: 'locationId' });
  return usableLocationOf(customer, location._id);
}

/** Creates a customer with its locations; email and phone are validated and normalised. */
export async function createCustomer(ctx: ServiceContext, raw: unknown): Promise<Lean<CustomerDocument>> {
  requireAccess(ctx, FEATURE, 'customers:write');
  const input = createCustomerInput.parse(raw);
  const phone = input.phone ? normalizePhone(input.phone, input.locations[0]!.address.country).e164 : null;
  const contact = { name: input.name, email: input.email ?? null, phone };
  return createOwned(
    ctx,
    ctx.models.Customer,
    {
      ...contact,
      notes: input.notes || null,
      locations: input.locations.map((location) => ({
        _id: new mongoose.Types.ObjectId(),
        label: location.label || null,
        address: location.address,
        coordinates: location.coordinates ?? null,
      })),
      searchTokens: searchTokensOf(contact),
    },
    { what: 'Customer' },
  );
}

/**
 * Changes name, contact data or notes. The search tokens depend on all three contact fields, so the
 * write is guarded by the `updatedAt` that was read: a concurrent change makes this one `CONFLICT`.
 */
export async function updateCustomer(ctx: ServiceContext, id: unknown, raw: unknown): Promise<Lean<CustomerDocument>> {
  requireAccess(ctx, FEATURE, 'customers:write');
  const _id = parseId(id);
  const input = updateCustomerInput.parse(raw);
  const before = await findOwned(ctx, ctx.models.Customer, _id, 'Customer');

  const changes: Partial<Pick<CustomerDocument, 'name' | 'email' | 'phone' | 'notes'>> = {};
  if (input.name !== undefined) changes.name = input.name;
  if (input.email !== undefined) changes.email = input.email;
  if (input.phone !== undefined) changes.phone = input.phone ? normalizePhone(input.phone, before.locations[0]?.address.country ?? 'US').e164 : null;
  if (input.notes !== undefined) changes.notes = input.notes || null;
  const contact = {
    name: changes.name ?? before.name,
    email: 'email' in changes ? changes.email! : before.email,
    phone: 'phone' in changes ? changes.phone! : before.phone,
  };

  return updateOwned(
    ctx,
    ctx.models.Customer,
    before,
    { $set: { ...changes, searchTokens: searchTokensOf(contact) } },
    {
      what: 'Customer',
      ...unchangedSince(before, 'The customer'),
    },
  );
}

/** At most this many locations a customer uses at once; retired ones are kept beside them, up to the total. */
export const MAX_ACTIVE_LOCATIONS = 20;
export const MAX_LOCATIONS = 100;
/** Work orders in these statuses still need their customer and location. */
export const OPEN_WORK_ORDER_STATUSES = ['new', 'scheduled', 'dispatched', 'en_route', 'in_progress', 'on_hold'] as const;

const updateLocationInput = z
  .object({
    label: optionalLine(100).nullish(),
    address: addressInput.optional(),
    coordinates: geoPointSchema.nullish(),
  })
  .strict()
  .refine((input) => Object.values(input).some((value) => value !== undefined), 'Give at least one field to change.');

/**
 * Writes a customer's new list of locations, decided on the customer as read: guarded by its
 * `updatedAt`, so two concurrent location changes cannot lose one another (the second is CONFLICT).
 */
async function writeLocations(ctx: ServiceContext, before: Lean<CustomerDocument>, locations: CustomerLocation[]): Promise<Lean<CustomerDocument>> {
  return updateOwned(
    ctx,
    ctx.models.Customer,
    before,
    { $set: { locations } },
    {
      what: 'Customer',
      ...unchangedSince(before, 'The customer'),
    },
  );
}

const writable = async (ctx: ServiceContext, customerId: unknown): Promise<Lean<CustomerDocument>> => {
  requireAccess(ctx, FEATURE, 'customers:write');
  const _id = parseId(customerId, 'customerId');
  return findOwned(ctx, ctx.models.Customer, _id, 'Customer', { field: 'customerId' });
};

/** Adds a location (a second address) to a customer; at most 20 in use at once. */
export async function addCustomerLocation(ctx: ServiceContext, customerId: unknown, raw: unknown): Promise<Lean<CustomerDocument>> {
  const before = await writable(ctx, customerId);
  const input = locationInput.parse(raw);
  if (before.retiredAt) throw conflict(`The customer ${before.name} is retired.`);
  const active = before.locations.filter((l) => !l.retiredAt).length;
  if (active >= MAX_ACTIVE_LOCATIONS || before.locations.length >= MAX_LOCATIONS) {
    throw conflict(`A customer has at most ${MAX_ACTIVE_LOCATIONS} locations in use (${MAX_LOCATIONS} with the retired ones).`);
  }
  const location: CustomerLocation = {
    _id: new mongoose.Types.ObjectId(),
    label: input.label || null,
    address: input.address,
    coordinates: input.coordinates ?? null,
    retiredAt: null,
  };
  return writeLocations(ctx, before, [...before.locations, location]);
}

/**
 * Corrects a location's label, address or coordinates (omitted fields stay; null clears label or
 * coordinates). Its work orders keep pointing at it, so they see the corrected address.
 */
export async function updateCustomerLocation(ctx: ServiceContext, customerId: unknown, locationId: unknown, raw: unknown): Promise<Lean<CustomerDocument>> {
  const before = await writable(ctx, customerId);
  const _id = parseId(locationId, 'locationId');
  const input = updateLocationInput.parse(raw);
  const current = locationOf(before, _id);
  if (current.retiredAt) throw conflict(`The location ${current.label ?? current.address.line1} is retired; it is kept as it was.`);
  const next: CustomerLocation = {
    ...current,
    ...(input.label !== undefined && { label: input.label || null }),
    ...(input.address !== undefined && { address: input.address }),
    ...(input.coordinates !== undefined && { coordinates: input.coordinates ?? null }),
  };
  return writeLocations(
    ctx,
    before,
    before.locations.map((l) => (l._id.equals(_id) ? next : l)),
  );
}

/** How many open work orders of the customer (at the location, when given) there are. */
async function openWorkOrders(ctx: ServiceContext, customerId: mongoose.Types.ObjectId, locationId?: mongoose.Types.ObjectId): Promise<number> {
  return ctx.models.WorkOrder.countDocuments({
    ...tenantScope(ctx.tenant),
    customerId,
    ...(locationId && { locationId }),
    status: mongoose.trusted({ $in: [...OPEN_WORK_ORDER_STATUSES] }),
  });
}

/**
 * Retires a location: kept (its work orders still show it), hidden from the customer's locations by
 * default, refused for new work orders. Refused (CONFLICT) while an open work order is at it, and for
 * the customer's last location in use. Without transactions a work order created at the same moment
 * can still name it; it keeps working, and the location's history shows it.
 */
export async function retireCustomerLocation(ctx: ServiceContext, customerId: unknown, locationId: unknown): Promise<Lean<CustomerDocument>> {
  const before = await writable(ctx, customerId);
  const _id = parseId(locationId, 'locationId');
  const current = locationOf(before, _id);
  if (current.retiredAt) throw conflict('The location is already retired.');
  if (!before.locations.some((l) => !l.retiredAt && !l._id.equals(_id))) throw conflict('A customer keeps at least one location; add another before retiring this one.');
  const open = await openWorkOrders(ctx, before._id, _id);
  if (open > 0)
    throw conflict(`${open} open work order${open === 1 ? ' is' : 's are'} at this location; complete, move or cancel ${open === 1 ? 'it' : 'them'} first.`, {
      openWorkOrders: open,
    });
  const retiredAt = ctx.clock.now();
  return writeLocations(
    ctx,
    before,
    before.locations.map((l) => (l._id.equals(_id) ? { ...l, retiredAt } : l)),
  );
}

/**
 * Retires a customer: kept with its history, hidden from the customer list by default (filter
 * includeRetired shows it), refused for new work orders. Refused (CONFLICT) while it has open work
 * orders — the office completes or cancels them first. `reactivate` undoes it.
 */
export async function setCustomerRetired(ctx: ServiceContext, id: unknown, retire: boolean): Promise<Lean<CustomerDocument>> {
  const before = await writable(ctx, id);
  return setRetiredOwned(ctx, ctx.models.Customer, before, retire, {
    what: 'Customer',
    ...retiredByDate(before, ctx.clock.now(), 'The customer'),
    beforeRetiring: async () => {
      const open = await openWorkOrders(ctx, before._id);
      if (open > 0) throw conflict(`The customer has ${open} open work order${open === 1 ? '' : 's'}; complete or cancel them first.`, { openWorkOrders: open });
    },
  });
}
