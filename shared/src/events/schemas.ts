import { z } from 'zod';
import { EVENT_CATALOGUE, EVENT_TYPES, type EventType } from './catalogue';

// JSON Schemas of the events, generated from the catalogue's zod schemas: what a partner validates a
// webhook body against (docs/events-schemas.json, written by `pnpm docs:events`).

type JsonSchema = Record<string, unknown>;

/** A zod schema as JSON Schema (2020-12); a time (a Date where it is written) is an ISO 8601 string on the wire. */
function toJsonSchema(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, {
    unrepresentable: 'any',
    override: (ctx) => {
      if (ctx.zodSchema._zod.def.type === 'date') Object.assign(ctx.jsonSchema, { type: 'string', format: 'date-time' });
    },
  }) as JsonSchema;
}

/** The payload schema of one type (the `data` of a webhook body, the `payload` of a streamed event). */
export const payloadJsonSchema = (type: EventType): JsonSchema => {
  const { $schema: _draft, ...schema } = toJsonSchema(EVENT_CATALOGUE[type].payload);
  return schema;
};

/**
 * The webhook body of every type: `{ id, type, version, tenant, occurredAt, subject, data }`, one
 * schema per type under `$defs`, and the body as one of them.
 */
export function webhookJsonSchemas(): JsonSchema {
  const defs = Object.fromEntries(
    EVENT_TYPES.map((type) => {
      const entry = EVENT_CATALOGUE[type];
      return [
        type,
        {
          description: entry.description,
          type: 'object',
          required: ['id', 'type', 'version', 'tenant', 'occurredAt', 'subject', 'data'],
          additionalProperties: false,
          properties: {
            id: { type: 'string', pattern: '^evt_[0-9a-f]{24}$', description: 'Stable: the same on every retry and replay (the webhook-id header).' },
            type: { const: type },
            version: { const: entry.version },
            tenant: { type: 'string', description: "The tenant's id." },
            occurredAt: { type: 'string', format: 'date-time' },
            subject: {
              type: 'object',
              required: ['type', 'id'],
              additionalProperties: false,
              properties: { type: { const: entry.subject }, id: { type: 'string' } },
            },
            data: payloadJsonSchema(type),
          },
        },
      ];
    }),
  );
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://attunelogic.example/schemas/webhook-event.json',
    title: 'AttuneLogic webhook event',
    oneOf: EVENT_TYPES.map((type) => ({ $ref: `#/$defs/${type}` })),
    $defs: defs,
  };
}
