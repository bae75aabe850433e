import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EVENT_CATALOGUE, EVENT_TYPES, payloadJsonSchema, webhookJsonSchemas } from '@attunelogic/shared/events';
import { repoRoot } from '@attunelogic/shared/dev';

// The partners' event catalogue, generated from shared/src/events/catalogue.ts:
// docs/events-catalogue.md (types, versions, payload fields, the body, verifying a signature) and
// docs/events-schemas.json (JSON Schema of every webhook body). `--check` fails when either is stale.

type Property = { type?: unknown; format?: string; enum?: unknown[]; items?: Property; anyOf?: Property[]; description?: string; properties?: Record<string, Property> };

function typeOf(p: Property): string {
  if (p.anyOf) return p.anyOf.map(typeOf).join(' or ');
  if (p.enum) return p.enum.map((v) => `\`${String(v)}\``).join(', ');
  if (p.format === 'date-time') return 'time (ISO 8601)';
  if (p.type === 'array') return `list of ${p.items ? typeOf(p.items) : 'values'}`;
  if (p.type === 'object' && p.properties)
    return `{ ${Object.entries(p.properties)
      .map(([k, v]) => `${k}: ${typeOf(v)}`)
      .join(', ')} }`;
  return String(p.type ?? 'value');
}

const cell = (text: string) => text.replaceAll('|', '\\|');

function renderType(type: (typeof EVENT_TYPES)[number]): string[] {
  const entry = EVENT_CATALOGUE[type];
  const schema = payloadJsonSchema(type) as { properties?: Record<string, Property>; required?: string[] };
  const required = new Set(schema.required ?? []);
  return [
    `### \`${type}\``,
    '',
    `${entry.description} Version ${entry.version}; subject \`${entry.subject}\`; recorded by ${entry.source}.`,
    '',
    '| field | type | |',
    '|---|---|---|',
    ...Object.entries(schema.properties ?? {}).map(
      ([name, p]) => `| \`${name}\` | ${cell(typeOf(p))} | ${cell([required.has(name) ? '' : 'optional', p.description ?? ''].filter(Boolean).join('; '))} |`,
    ),
    '',
  ];
}

export function renderEventCatalogue(example: string): string {
  return [
    '# Event catalogue',
    '',
    'Generated from `shared/src/events/catalogue.ts` by `pnpm docs:events`; do not edit by hand.',
    'JSON Schemas of every webhook body: [events-schemas.json](events-schemas.json). How events are',
    'recorded and delivered: [EVENTS.md](EVENTS.md).',
    '',
    '## The body',
    '',
    'Every webhook delivery is a `POST` with a JSON body:',
    '',
    '| field | what |',
    '|---|---|',
    '| `id` | `evt_` and 24 hex digits: the same on every retry and replay (also the `webhook-id` header); drop a duplicate by it |',
    '| `type` | one of the types below |',
    '| `version` | of the payload; a change you could trip on is a new version, announced here |',
    "| `tenant` | the tenant's id |",
    '| `occurredAt` | when it happened (ISO 8601) |',
    '| `subject` | `{ type, id }` of the record that changed |',
    '| `data` | the payload of the type (below) |',
    '',
    'The live stream (`GET /api/v1/events`) sends the same event with `payload` in place of `data`.',
    'A new field may be added to a payload without a new version: ignore the fields you do not know.',
    '',
    '## Verifying a delivery',
    '',
    'Deliveries are signed in the [Standard Webhooks](https://www.standardwebhooks.com/) format:',
    '`webhook-id`, `webhook-timestamp` and `webhook-signature` (`v1,` and an HMAC-SHA256 of',
    "`<id>.<timestamp>.<raw body>` with the endpoint's `whsec_` secret). Verify the raw body before",
    'reading it, refuse a timestamp more than five minutes off, answer 2xx once handled (anything else',
    'is retried with the same id). In Node, with the `standardwebhooks` package:',
    '',
    '```ts',
    example.trimEnd(),
    '```',
    '',
    '## Types',
    '',
    '| type | version | subject | what |',
    '|---|---|---|---|',
    ...EVENT_TYPES.map((type) => {
      const entry = EVENT_CATALOGUE[type];
      return `| [\`${type}\`](#${type.replaceAll('.', '')}) | ${entry.version} | \`${entry.subject}\` | ${cell(entry.description)} |`;
    }),
    '',
    ...EVENT_TYPES.flatMap(renderType),
  ].join('\n');
}

const root = repoRoot();
const example = readFileSync(path.join(root, 'events', 'src', 'webhooks', 'partner-receiver.ts'), 'utf8');
const files: [string, string][] = [
  [path.join(root, 'docs', 'events-catalogue.md'), renderEventCatalogue(example)],
  [path.join(root, 'docs', 'events-schemas.json'), `${JSON.stringify(webhookJsonSchemas(), null, 2)}\n`],
];
if (process.argv.includes('--check')) {
  const stale = files.filter(([file, text]) => !existsSync(file) || readFileSync(file, 'utf8') !== text);
  if (stale.length > 0) {
    console.error(`${stale.map(([file]) => path.relative(root, file)).join(', ')} stale: run \`pnpm docs:events\` and commit.`);
    process.exit(1);
  }
} else {
  for (const [file, text] of files) writeFileSync(file, text);
  console.log(`wrote ${files.map(([file]) => path.relative(root, file)).join(', ')}`);
}
