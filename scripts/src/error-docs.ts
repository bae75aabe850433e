import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { ERROR_CODES } from '@attunelogic/shared/errors';
import { repoRoot } from '@attunelogic/shared/dev';

/** `docs/errors.md`, generated from the error-code registry; `--check` fails when it is stale. */
export function renderErrorReference(): string {
  const rows = Object.entries(ERROR_CODES).map(([code, { http, description }]) => `| \`${code}\` | ${http} | ${description} |`);
  return [
    '# Error codes',
    '',
    'Generated from `shared/src/errors/codes.ts` by `pnpm docs:errors`; do not edit by hand.',
    '',
    'Every error a client sees carries one of these in `extensions.code`. Refusals before execution',
    '(authentication, tenant, payment, rate limits, invalid operations) also set the HTTP status; errors',
    'raised while resolving a field come with HTTP 200 beside whatever data could be resolved.',
    '',
    '| code | HTTP (gateway-level) | meaning |',
    '|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

const file = path.join(repoRoot(), 'docs', 'errors.md');
const rendered = renderErrorReference();
if (process.argv.includes('--check')) {
  if (!existsSync(file) || readFileSync(file, 'utf8') !== rendered) {
    console.error('docs/errors.md is stale: run `pnpm docs:errors` and commit it.');
    process.exit(1);
  }
} else {
  writeFileSync(file, rendered);
  console.log(`wrote ${file}`);
}
