import { describe, expect, it } from 'vitest';
import { multiLine, optionalLine, singleLine } from './text';

const controls = ['A\u0000B', 'A\rB', 'A\nB', 'A\r\nX-Injected: 1', 'A\u001bB', 'A\u007fB'];
/** Not ASCII controls, yet a second line or text that displays otherwise than it reads. */
const lookalikes = ['A\u0085B', 'A\u009bB', 'A\u2028B', 'A\u2029B', 'admin\u202egnp.exe', 'A\u202aB', 'A\u2066B\u2069'];

describe('text inputs', () => {
  it('singleLine trims, bounds the length and refuses every control character', () => {
    const name = singleLine(5);
    expect(name.parse('  Acme ')).toBe('Acme');
    expect(name.safeParse('').success).toBe(false);
    expect(name.safeParse('   ').success).toBe(false);
    expect(name.safeParse('Acme Co').success).toBe(false);
    for (const value of [...controls, ...lookalikes]) expect(name.safeParse(value).success, JSON.stringify(value)).toBe(false);
    // Letters of every script stay welcome.
    for (const value of ['Zoë', 'Łódź', 'שלום', 'مرحبا', '東京']) expect(singleLine(20).parse(value)).toBe(value);
  });

  it('optionalLine is singleLine that may be empty', () => {
    const line2 = optionalLine(10);
    expect(line2.parse('  ')).toBe('');
    expect(line2.parse(' Suite 4 ')).toBe('Suite 4');
    for (const value of [...controls, ...lookalikes]) expect(line2.safeParse(value).success, JSON.stringify(value)).toBe(false);
  });

  it('multiLine keeps tabs and line breaks and refuses the other control characters', () => {
    const notes = multiLine(100);
    expect(notes.parse('first line\r\nsecond\tline\n')).toBe('first line\r\nsecond\tline');
    for (const value of ['A\u0000B', 'A\u001bB', 'A\u007fB', 'A\u0008B', ...lookalikes]) expect(notes.safeParse(value).success, JSON.stringify(value)).toBe(false);
    expect(notes.safeParse('x'.repeat(101)).success).toBe(false);
  });
});
