import mongoose from 'mongoose';
import { badInput } from '../errors/domain-error';

const OBJECT_ID = /^[0-9a-f]{24}$/i;

/** Parses a client-supplied id; anything but a 24-hex ObjectId is `BAD_USER_INPUT`. */
export function parseId(value: unknown, field = 'id'): mongoose.Types.ObjectId {
  if (typeof value !== 'string' || !OBJECT_ID.test(value)) {
    throw badInput(`"${field}" is not a valid id.`, { field });
  }
  return new mongoose.Types.ObjectId(value);
}

/** Like `parseId`, for an optional argument. */
export const parseOptionalId = (value: unknown, field = 'id'): mongoose.Types.ObjectId | undefined =>
  value === undefined || value === null ? undefined : parseId(value, field);
