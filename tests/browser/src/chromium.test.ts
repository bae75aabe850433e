// A missing browser is a failure with instructions, not a silently skipped suite: the other files
// fail in their setup too, but this one shows up as a failed test in every summary.
import { expect, it } from 'vitest';
import { requireChromium } from './chromium';

it("has Debian's Chromium to drive", () => {
  expect(() => requireChromium()).not.toThrow();
});
