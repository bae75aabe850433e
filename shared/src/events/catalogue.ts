import { z } from 'zod';

// The one source of truth for the events the system publishes: each type's payload version, the
// subgraph that records it, the collection whose documents carry it until it reaches that
// subgraph's outbox, and the shape of its payload (zod). The recorders are typed by it (an event's
// payload is checked where it is written), and the partners' catalogue (docs/events-catalogue.md,
// docs/events-schemas.json) is generated from it by `pnpm docs:events`; `pnpm check` fails when the
// generated files are stale.
//
// A payload change that a subscriber could trip on is a new version, never an edit of this one.

/** An ObjectId as a hex string. */
const id = () => z.string().regex(/^[0-9a-f]{24}$/);
/** A time: a Date where it is written, an ISO 8601 string in every copy a subscriber receives. */
const instant = () => z.date();
const loadRef = { referenceNumber: z.string().describe("The load's reference number, unique in the tenant.") };
const stop = {
  ...loadRef,
  stopId: id(),
  stopType: z.enum(['pickup', 'delivery']),
  sequence: z.number().int().min(1).describe('The stop’s position on the load, from 1.'),
  at: instant(),
};
const money = {
  number: z.number().int().describe('The invoice number, per tenant.'),
  currency: z.string().length(3),
  totalCents: z.number().int().describe('In minor units of the currency.'),
};

export const EVENT_CATALOGUE = {
  'load.created': {
    version: 1,
    source: 'trucking',
    collection: 'loads',
    subject: 'Load',
    description: 'A load was created (draft or tendered).',
    payload: z.object({ ...loadRef, status: z.enum(['draft', 'tendered']) }),
  },
  'load.assigned': {
    version: 1,
    source: 'trucking',
    collection: 'loads',
    subject: 'Load',
    description: 'A driver and vehicle (and trailer) were assigned to a load (a reassignment too).',
    payload: z.object({ ...loadRef, driverId: id(), vehicleId: id(), trailerId: id().nullable() }),
  },
  'load.status_changed': {
    version: 1,
    source: 'trucking',
    collection: 'loads',
    subject: 'Load',
    description: "A load's status changed.",
    payload: z.object({ ...loadRef, from: z.string(), to: z.string() }),
  },
  'load.delivered': {
    version: 1,
    source: 'trucking',
    collection: 'loads',
    subject: 'Load',
    description: 'A load was delivered (after its load.status_changed).',
    payload: z.object({ ...loadRef, deliveredAt: instant() }),
  },
  'load.stop_arrived': {
    version: 1,
    source: 'trucking',
    collection: 'loads',
    subject: 'Load',
    description: 'The arrival at a stop of a load was recorded.',
    payload: z.object(stop),
  },
  'load.stop_departed': {
    version: 1,
    source: 'trucking',
    collection: 'loads',
    subject: 'Load',
    description: 'The departure from a stop of a load was recorded.',
    payload: z.object(stop),
  },
  'load.pod_attached': {
    version: 1,
    source: 'trucking',
    collection: 'documents',
    subject: 'Document',
    description: 'A proof of delivery was attached to a load (attachDocument with kind pod).',
    payload: z.object({ ...loadRef, loadId: id(), stopId: id().nullable(), name: z.string(), contentType: z.string() }),
  },
  'driver.position': {
    version: 1,
    source: 'trucking',
    collection: 'drivers',
    subject: 'Driver',
    description: "A driver's latest position moved (a newer ping, not a late one).",
    payload: z.object({
      driverId: id(),
      latitude: z.number(),
      longitude: z.number(),
      recordedAt: instant(),
      speedKmh: z.number().nullable(),
      headingDegrees: z.number().nullable(),
    }),
  },
  'freight_invoice.issued': {
    version: 1,
    source: 'trucking',
    collection: 'freight_invoices',
    subject: 'FreightInvoice',
    description: 'A freight invoice was sent to its bill-to party (sendFreightInvoice).',
    payload: z.object({ ...money, billToId: id(), loadIds: z.array(id()), dueAt: instant() }),
  },
  'freight_invoice.paid': {
    version: 1,
    source: 'trucking',
    collection: 'freight_invoices',
    subject: 'FreightInvoice',
    description: 'A freight invoice was paid in full (its last payment, or sent with a total of 0).',
    payload: z.object({ ...money, paidAt: instant() }),
  },
  'freight_invoice.voided': {
    version: 1,
    source: 'trucking',
    collection: 'freight_invoices',
    subject: 'FreightInvoice',
    description: 'A freight invoice was voided; its loads may be invoiced again.',
    payload: z.object({ ...money, reason: z.string(), loadIds: z.array(id()) }),
  },
  'work_order.created': {
    version: 1,
    source: 'service',
    collection: 'workOrders',
    subject: 'WorkOrder',
    description: 'A work order was created.',
    payload: z.object({ number: z.number().int(), title: z.string(), priority: z.string(), customerId: id() }),
  },
  'work_order.dispatched': {
    version: 1,
    source: 'service',
    collection: 'workOrders',
    subject: 'WorkOrder',
    description: 'A work order was dispatched to a technician.',
    payload: z.object({ number: z.number().int(), technicianId: id(), schedule: z.object({ start: instant(), end: instant() }) }),
  },
  'work_order.status_changed': {
    version: 1,
    source: 'service',
    collection: 'workOrders',
    subject: 'WorkOrder',
    description: "A work order's status changed.",
    payload: z.object({
      from: z.string(),
      to: z.string(),
      number: z.number().int().optional().describe('Where the mutation has it (dispatch, cancellation).'),
      reason: z.string().optional().describe('A cancellation’s reason.'),
    }),
  },
  'work_order.completed': {
    version: 1,
    source: 'service',
    collection: 'workOrders',
    subject: 'WorkOrder',
    description: 'A work order was completed (after its work_order.status_changed).',
    payload: z.object({ completedAt: instant() }),
  },
  'invoice.issued': {
    version: 1,
    source: 'service',
    collection: 'invoices',
    subject: 'Invoice',
    description: "A work order's invoice was issued to the customer (issueInvoice).",
    payload: z.object({ ...money, workOrderId: id(), customerId: id() }),
  },
  'invoice.paid': {
    version: 1,
    source: 'service',
    collection: 'invoices',
    subject: 'Invoice',
    description: 'An invoice was paid in full (its last payment, or issued with a total of 0).',
    payload: z.object({ ...money, paidAt: instant() }),
  },
  'inventory.low_stock': {
    version: 1,
    source: 'service',
    collection: 'inventoryItems',
    subject: 'InventoryItem',
    description: "An item's stock over all locations fell to or below its reorder point: once per crossing (it is told again only after it was above).",
    payload: z.object({ sku: z.string(), name: z.string(), onHand: z.number().int(), reorderPoint: z.number().int() }),
  },
  'user.created': {
    version: 1,
    source: 'core',
    collection: 'users',
    subject: 'User',
    description: 'A user was added to the tenant.',
    payload: z.object({ email: z.string(), name: z.string(), roles: z.array(z.string()) }),
  },
  'user.roles_changed': {
    version: 1,
    source: 'core',
    collection: 'users',
    subject: 'User',
    description: "A user's roles changed.",
    payload: z.object({ email: z.string(), from: z.array(z.string()), to: z.array(z.string()) }),
  },
  'user.deactivated': {
    version: 1,
    source: 'core',
    collection: 'users',
    subject: 'User',
    description: 'A user was deactivated.',
    payload: z.object({ email: z.string() }),
  },
  'user.reactivated': {
    version: 1,
    source: 'core',
    collection: 'users',
    subject: 'User',
    description: 'A deactivated user was reactivated.',
    payload: z.object({ email: z.string() }),
  },
  'api_client.created': {
    version: 1,
    source: 'core',
    collection: 'apiClients',
    subject: 'ApiClient',
    description: 'An API client was created (its secret is never in an event).',
    payload: z.object({ name: z.string(), roles: z.array(z.string()) }),
  },
  'api_client.rotated': {
    version: 1,
    source: 'core',
    collection: 'apiClients',
    subject: 'ApiClient',
    description: "An API client's secret was replaced; the old one is refused from now on.",
    payload: z.object({ name: z.string(), rotatedAt: instant() }),
  },
  'api_client.revoked': {
    version: 1,
    source: 'core',
    collection: 'apiClients',
    subject: 'ApiClient',
    description: 'An API client was revoked: no more tokens, its tokens refused.',
    payload: z.object({ name: z.string(), revokedAt: instant() }),
  },
  'webhook_endpoint.disabled': {
    version: 1,
    source: 'core',
    collection: 'webhookendpoints',
    subject: 'WebhookEndpoint',
    description: 'A webhook endpoint was disabled because its deliveries kept failing.',
    payload: z.object({ url: z.string(), reason: z.string() }),
  },
} as const satisfies Record<string, CatalogueEntry>;

export interface CatalogueEntry {
  version: number;
  source: 'core' | 'trucking' | 'service';
  collection: string;
  /** The `subject.type` of its events. */
  subject: string;
  description: string;
  payload: z.ZodObject;
}

export type EventType = keyof typeof EVENT_CATALOGUE;

/** The payload of an event of `T` as its recorder writes it. */
export type EventPayload<T extends EventType> = z.input<(typeof EVENT_CATALOGUE)[T]['payload']>;

export const EVENT_TYPES = Object.keys(EVENT_CATALOGUE) as EventType[];

export const isEventType = (value: string): value is EventType => Object.hasOwn(EVENT_CATALOGUE, value);

/** The collections of one source subgraph whose documents carry pending events (the sweeper's list). */
export function eventCollections(source: string): string[] {
  return [
    ...new Set(
      Object.values(EVENT_CATALOGUE)
        .filter((entry) => entry.source === source)
        .map((entry) => entry.collection),
    ),
  ];
}

/** The subgraphs that record events. */
export const EVENT_SOURCES = [...new Set(Object.values(EVENT_CATALOGUE).map((entry) => entry.source))];
