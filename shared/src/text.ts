import { z } from 'zod';

/** C0 control characters and DEL: never part of a name, an identifier or any one-line text. */
const hasControl = (value: string): boolean => [...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

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

/** Free text over several lines (notes, descriptions): tabs and line breaks allowed, other control characters (NUL…) not. */
export const multiLine = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((value) => !hasControl(value.replace(/[\t\r\n]/g, ' ')), 'must not contain control characters other than tabs and line breaks');
