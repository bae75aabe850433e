import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import mongoose from 'mongoose';
import { z } from 'zod';
import { multiLine, optionalLine, paginate, singleLine, type Connection, type ConnectionArgs, type Lean } from '@attunelogic/shared';
import { badInput, notFound } from '@attunelogic/shared/errors';
import { parseId } from '@attunelogic/shared/mongo';
import { createOwned, findOwned, loadOwned, updateOwned } from '@attunelogic/shared/subgraph';
import { requireAccess } from '../access';
import { geoPointSchema, normalizeZip } from '../geo/geo';
import { type ServiceContext } from '../models';
import { type CustomerDocument, type CustomerLocation } from './customers.model';

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
export async function listCustomers(ctx: ServiceContext, args: ConnectionArgs & { filter?: CustomerFilter }): Promise<Connection<Lean<CustomerDocument>>> {
  requireAccess(ctx, FEATURE, 'customers:read');
  const filter = customerFilter.parse(args.filter);
  return paginate(ctx.models.Customer, ctx.tenant, filter?.search ? searchFilter(filter.search) : {}, args);
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
      guard: { updatedAt: before.updatedAt },
      changed: 'The customer was changed by another request; reload it and try again.',
    },
  );
}
