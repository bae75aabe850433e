// Zod pieces several trucking features validate with; GraphQL types come from common.graphql.
import mongoose from 'mongoose';
import { z } from 'zod';
import { optionalLine, singleLine } from '@attunelogic/shared';

/** A client id: 24 hex characters, as an ObjectId. */
export const objectId = z
  .string()
  .regex(/^[0-9a-f]{24}$/i, 'Not a valid id.')
  .transform((id) => new mongoose.Types.ObjectId(id));

/** An instant in ISO 8601 with a time zone (Z or ±hh:mm), as a Date. */
export const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value));

/** A calendar date, YYYY-MM-DD, as midnight UTC of that day. */
export const calendarDate = z.iso.date().transform((value) => new Date(`${value}T00:00:00.000Z`));

export const latitude = z.number().min(-90).max(90);
export const longitude = z.number().min(-180).max(180);

// (0, 0) is in the Gulf of Guinea: in practice, the reading of a device without a fix.
export const NO_FIX_MESSAGE = '(0, 0) is not a real position: the device has no fix.';
export const isRealPosition = (c: { latitude: number; longitude: number }): boolean => c.latitude !== 0 || c.longitude !== 0;

/** WGS 84 degrees; (0, 0) is refused too. */
export const coordinates = z.object({ latitude, longitude }).refine(isRealPosition, NO_FIX_MESSAGE);

/**
 * True unless both are dates and `a` is after `b`. Zod 4 runs an object's refinements even when a
 * field failed a (continuable) check, with that field's raw value: refinements must not assume types.
 */
export const notAfter = (a: unknown, b: unknown): boolean => !(a instanceof Date && b instanceof Date) || a.getTime() <= b.getTime();

/** A time window: start no later than end. */
export const timeWindow = z
  .object({ start: instant, end: instant })
  .refine((w) => notAfter(w.start, w.end), { message: 'A window ends after it starts.', path: ['end'] });

export const stopType = z.enum(['pickup', 'delivery']);

/** A US postal address (trucking here is domestic). */
export const address = z.object({
  line1: singleLine(120),
  line2: optionalLine(120).nullish(),
  city: singleLine(80),
  state: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, 'A two-letter state code.'),
  postalCode: z
    .string()
    .trim()
    .regex(/^\d{5}(-\d{4})?$/, 'A ZIP code: 12345 or 12345-6789.'),
});
