// Input rules every unit of the fleet shares: vehicles and trailers.
import { z } from 'zod';
import { singleLine } from '@attunelogic/shared';
import { conflict } from '@attunelogic/shared/errors';
import { VEHICLE_STATUSES } from './vehicles.model';

export { vin } from './vin';

export const unitNumber = z
  .string()
  .trim()
  .min(1)
  .max(20)
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._/-]*$/, 'Letters, digits, space and . _ / - only.');
export const name = singleLine(60);
// Checked when parsed, not when the module loads, so a long-running process accepts next year's models.
export const modelYear = z
  .number()
  .int()
  .min(1950)
  .refine((value) => value <= new Date().getUTCFullYear() + 2, 'The model year is too far in the future.');
export const plate = z.string().trim().min(1).max(15);
export const unitStatus = z.enum(VEHICLE_STATUSES);

/** What a unique-index refusal of a unit number becomes: `CONFLICT` naming the field. */
export function duplicateUnitNumber(unitNumber: string | undefined, kind: 'vehicle' | 'trailer'): Error {
  return conflict(`The unit number "${unitNumber}" is already used by another ${kind}.`, { field: 'unitNumber' });
}
