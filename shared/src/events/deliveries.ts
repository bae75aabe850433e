import mongoose, { type Connection, type Model } from 'mongoose';
import { type Db } from 'mongodb';
import { tenantPlugin, type TenantOwned } from '../mongo/tenant-plugin';
import { type DomainEvent } from './outbox';

// The webhook deliveries live in core's database beside the endpoints: the events process's
// dispatcher writes them (through the driver, across tenants, as the relay does) and core's GraphQL
// reads and replays them through the model below (scoped to one tenant by the tenant plugin).

/** Core's collection of partners' endpoints (the dispatcher reads it, and disables what keeps failing). */
export const WEBHOOK_ENDPOINTS_COLLECTION = 'webhookendpoints';
/** Core's collection of deliveries: one per (endpoint, event). */
export const WEBHOOK_DELIVERIES_COLLECTION = 'webhookdeliveries';

/**
 * `pending`: not tried yet (or replayed); `failed`: an attempt failed and another is scheduled at
 * `nextAttemptAt`; `succeeded`: a 2xx came back; `parked`: no more attempts (the last one failed, or
 * the endpoint was disabled or removed meanwhile) until a replay.
 */
export const DELIVERY_STATUSES = ['pending', 'failed', 'succeeded', 'parked'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** The statuses the dispatcher still works on. */
export const QUEUED_STATUSES: readonly DeliveryStatus[] = ['pending', 'failed'];

export interface WebhookDeliveryDocument extends TenantOwned {
  endpoint: mongoose.Types.ObjectId;
  eventId: string;
  eventType: string;
  occurredAt: Date;
  /** The event as it is sent (signed again on each attempt, with the same `webhook-id`). */
  event: DomainEvent;
  status: DeliveryStatus;
  /** Attempts since the delivery was made or last replayed. */
  attempts: number;
  /** When the dispatcher may try next (`null` once succeeded or parked). */
  nextAttemptAt: Date | null;
  /** The claim of the dispatcher process sending it now: no other one sends while it holds. */
  leaseOwner: string | null;
  leaseUntil: Date | null;
  lastAttemptAt: Date | null;
  lastResponseCode: number | null;
  lastError: string | null;
  succeededAt: Date | null;
  /** How often a user asked for it again. */
  replays: number;
  createdAt: Date;
  updatedAt: Date;
}

const webhookDeliverySchema = new mongoose.Schema<WebhookDeliveryDocument>(
  {
    endpoint: { type: mongoose.Schema.Types.ObjectId, required: true },
    eventId: { type: String, required: true },
    eventType: { type: String, required: true },
    occurredAt: { type: Date, required: true },
    event: { type: mongoose.Schema.Types.Mixed, required: true },
    status: { type: String, enum: DELIVERY_STATUSES, required: true },
    attempts: { type: Number, required: true, default: 0 },
    nextAttemptAt: { type: Date, default: null },
    leaseOwner: { type: String, default: null },
    leaseUntil: { type: Date, default: null },
    lastAttemptAt: { type: Date, default: null },
    lastResponseCode: { type: Number, default: null },
    lastError: { type: String, default: null },
    succeededAt: { type: Date, default: null },
    replays: { type: Number, required: true, default: 0 },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: WEBHOOK_DELIVERIES_COLLECTION, versionKey: false, minimize: false },
);
webhookDeliverySchema.plugin(tenantPlugin);
/**
 * The deliveries' indexes, made by core's model and by the dispatcher (which writes through the
 * driver and may run before core ever started): the same keys and options, so whichever comes
 * second finds them there.
 */
export const WEBHOOK_DELIVERY_INDEXES: readonly { key: Record<string, 1 | -1>; unique?: boolean }[] = [
  // One delivery per (endpoint, event): a dispatcher that runs a batch again creates no second one.
  { key: { parentCompany: 1, endpoint: 1, eventId: 1 }, unique: true },
  // The delivery log of an endpoint, newest first (paginate sorts by _id), with or without a status.
  { key: { parentCompany: 1, endpoint: 1, _id: -1 } },
  { key: { parentCompany: 1, endpoint: 1, status: 1, _id: -1 } },
  // A replay of a time range of an endpoint's events.
  { key: { parentCompany: 1, endpoint: 1, occurredAt: 1 } },
  // The dispatcher's queue: what is due, across tenants.
  { key: { status: 1, nextAttemptAt: 1 } },
];
for (const { key, unique } of WEBHOOK_DELIVERY_INDEXES) webhookDeliverySchema.index(key, unique ? { unique } : {});

/** Creates the deliveries' indexes through the driver (the dispatcher's start). */
export async function ensureDeliveryIndexes(db: Db): Promise<void> {
  const deliveries = db.collection(WEBHOOK_DELIVERIES_COLLECTION);
  for (const { key, unique } of WEBHOOK_DELIVERY_INDEXES) await deliveries.createIndex(key, unique ? { unique } : {});
}

export type WebhookDeliveryModel = Model<WebhookDeliveryDocument>;

export const webhookDeliveryModel = (connection: Connection): WebhookDeliveryModel =>
  (connection.models['WebhookDelivery'] as WebhookDeliveryModel | undefined) ?? connection.model<WebhookDeliveryDocument>('WebhookDelivery', webhookDeliverySchema);

/** The endpoint fields the dispatcher reads and writes (core's `WebhookEndpoint` model holds the rest). */
export interface EndpointDeliveryState {
  _id: mongoose.Types.ObjectId;
  parentCompany: mongoose.Types.ObjectId;
  url: string;
  secret: string;
  eventTypes: string[];
  active: boolean;
  disabledReason: string | null;
  /** Since when its deliveries keep failing: the first failure after its last success. */
  failingSince?: Date | null;
  /** Deliveries parked in a row since its last success. */
  consecutiveParked?: number;
}
