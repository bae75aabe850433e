import { z } from 'zod';

// ISO 3779 / 49 CFR 565: letters I, O and Q are never used; position 9 is a check digit over the rest.
export const VIN_PATTERN = /^[A-HJ-NPR-Z0-9]{17}$/;
const VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2] as const;
const VIN_LETTER_VALUES: Readonly<Record<string, number>> = {
  A: 1,
  B: 2,
  C: 3,
  D: 4,
  E: 5,
  F: 6,
  G: 7,
  H: 8,
  J: 1,
  K: 2,
  L: 3,
  M: 4,
  N: 5,
  P: 7,
  R: 9,
  S: 2,
  T: 3,
  U: 4,
  V: 5,
  W: 6,
  X: 7,
  Y: 8,
  Z: 9,
};

/**
 * The check digit ('0'-'9' or 'X') a 17-character VIN must carry at position 9; the character at
 * position 9 of `vin` itself is ignored (its weight is 0).
 */
export function vinCheckDigit(vin: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const char = vin.charAt(i);
    const value = /\d/.test(char) ? Number(char) : VIN_LETTER_VALUES[char];
    if (value === undefined) throw new RangeError(`not a VIN character: ${char}`);
    sum += value * VIN_WEIGHTS[i]!;
  }
  const remainder = sum % 11;
  return remainder === 10 ? 'X' : String(remainder);
}

/** True for 17 allowed characters whose check digit matches. */
export const isValidVin = (vin: string): boolean => VIN_PATTERN.test(vin) && vin.charAt(8) === vinCheckDigit(vin);

/** A VIN as input: trimmed, upper-cased, 17 allowed characters and a matching check digit. */
export const vin = z
  .string()
  .trim()
  .toUpperCase()
  .regex(VIN_PATTERN, 'A VIN has 17 characters: digits and letters except I, O and Q.')
  .refine(isValidVin, 'The VIN check digit (9th character) does not match: is a character mistyped?');
