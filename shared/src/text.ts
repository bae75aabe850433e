import { z } from 'zod';

/**
 * Characters that are never part of a name, an identifier or any one-line text: the C0 controls and
 * DEL, the C1 controls (NEL among them), the line and paragraph separators U+2028/U+2029, and the
 * bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) that make text
 * display otherwise than it reads.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
const hasControl = (value: string): boolean => FORBIDDEN.test(value);

/**
 * A one-line text input (a name, a make, a title): trimmed, 1..max characters, and no control
 * characters — NUL, CR and LF in a name end up in logs, headers and CSV exports.
 * @example const name = singleLine(100)
 */
export const singleLine = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((value) => !hasControl(value), 'must be one line without control characters');

/** An optional one-line text (an address's second line, a label): like `singleLine`, but may be empty. */
export const optionalLine = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((value) => !hasControl(value), 'must be one line without control characters');

/** Free text over several lines (notes, descriptions): tabs and CR/LF line breaks allowed, the other characters `singleLine` refuses not. */
export const multiLine = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((value) => !hasControl(value.replace(/[\t\r\n]/g, ' ')), 'must not contain control characters other than tabs and line breaks');
