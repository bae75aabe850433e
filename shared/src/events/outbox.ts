import mongoose, { type Schema } from 'mongoose';
import { type Collection, type Db } from 'mongodb';
import { EVENT_CATALOGUE, type EventPayload, type EventType } from './catalogue';

// How an event survives a crash without multi-document transactions:
//
// 1. The mutation writes its change and the event in ONE document write: the event is set under
//    its id in the changed document's `pendingEvents` map (a create inserts the document with it).
//    Either both are stored or neither is.
// 2. Right after, the same request copies the event into its subgraph's outbox (`events`, keyed by
//    the event id, so a second copy is a duplicate key and ignored) and unsets its entry in the
//    document's map (only its own: a concurrent change's event stays for its own request).
// 3. A crash between 1 and 2 leaves the marker on the document: the relay's sweeper finds it and
//    does step 2 itself, with the same id. A crash in the middle of step 2 repeats it harmlessly.
//
// The event id is made once, before the write, and travels with the event from then on: every copy
// the relay ever hands out carries it, so a subscriber drops a duplicate by its id.

/** An event as subscribers receive it. */
export interface DomainEvent {
  /** Stable: the same for every delivery of this event (`evt_` and 24 hex digits, time-ordered). */
  id: string;
  type: EventType;
  version: number;
  /** The tenant whose data changed (its id). */
  tenant: string;
  occurredAt: Date;
  /** The record that changed. */
  subject: { type: string; id: string };
  payload: Record<string, unknown>;
  /**
   * The users whose own work the event is about (a load's driver, a work order's technician): the
   * field roles receive on the live stream only the events naming them here. Not sent to partners.
   */
  assignees?: string[];
}

/**
 * What a mutation says about its event, its payload typed by the catalogue; the helpers add id,
 * version, tenant and time.
 */
export type EventDraft = {
  [T in EventType]: { type: T; payload: EventPayload<T>; assignees?: readonly string[] };
}[EventType];

/** An event as the outbox (and the pending marker) stores it. */
export interface StoredEvent extends Omit<DomainEvent, 'tenant'> {
  parentCompany: mongoose.Types.ObjectId;
}

/** The outbox collection of a subgraph's database. */
export const OUTBOX_COLLECTION = 'events';

/** A new event id: `evt_` and an ObjectId's hex digits, so ids sort by creation time. */
export const newEventId = (): string => `evt_${new mongoose.Types.ObjectId().toHexString()}`;

/** The stored events of `drafts` about one record of one tenant. */
export function buildEvents(tenantId: string, subject: { type: string; id: string }, drafts: readonly EventDraft[], at: Date): StoredEvent[] {
  return drafts.map((draft) => ({
    id: newEventId(),
    type: draft.type,
    version: EVENT_CATALOGUE[draft.type].version,
    parentCompany: new mongoose.Types.ObjectId(tenantId),
    occurredAt: at,
    subject,
    payload: draft.payload as Record<string, unknown>,
    ...(draft.assignees?.length && { assignees: [...draft.assignees] }),
  }));
}

/** The event a subscriber sees (the tenant as an id string). */
export const toDomainEvent = ({ parentCompany, ...event }: StoredEvent): DomainEvent => ({ ...event, tenant: parentCompany.toHexString() });

/** The field of the pending-events marker: a map from event id to event, empty once moved. */
export const PENDING_EVENTS = 'pendingEvents';

/**
 * Mongoose plugin for a model whose writes carry events: the `pendingEvents` marker. (Not
 * `select: false`: that would put a projection on `findOneAndUpdate`, which the database refuses;
 * the owned-record helpers leave it out of what they return instead.)
 */
export function eventsPlugin(schema: Schema): void {
  schema.add({ [PENDING_EVENTS]: { type: mongoose.Schema.Types.Mixed, default: undefined } });
}

/** `doc` without the marker. */
export function withoutMarker<T>(doc: T): T {
  if (doc && typeof doc === 'object' && PENDING_EVENTS in doc) delete (doc as Record<string, unknown>)[PENDING_EVENTS];
  return doc;
}

/** The marker of a document created with `events`. */
export const pendingMarker = (events: readonly StoredEvent[]): Record<string, StoredEvent> => Object.fromEntries(events.map((event) => [event.id, event]));

/** `update` with `events` set in the document's marker, in the same write. */
export function withEvents<U extends Record<string, unknown>>(update: U, events: readonly StoredEvent[]): U {
  if (events.length === 0) return update;
  const set = (update['$set'] as Record<string, unknown> | undefined) ?? {};
  return { ...update, $set: { ...set, ...Object.fromEntries(events.map((event) => [`${PENDING_EVENTS}.${event.id}`, event])) } };
}

const DUPLICATE_KEY = 11000;

async function insertIgnoringDuplicates(outbox: Collection, events: readonly StoredEvent[]): Promise<void> {
  for (const event of events) {
    try {
      await outbox.insertOne({ _id: event.id as never, ...event, relayedAt: null });
    } catch (error) {
      if ((error as { code?: unknown }).code !== DUPLICATE_KEY) throw error;
    }
  }
}

/**
 * Step 2: copies `events` (already stored on the document `docId` of `collection`) into the outbox
 * and pulls them off the document. Idempotent; safe to run concurrently with the sweeper.
 */
export async function movePendingEvents(db: Db, collection: string, docId: unknown, events: readonly StoredEvent[]): Promise<void> {
  if (events.length === 0) return;
  await insertIgnoringDuplicates(db.collection(OUTBOX_COLLECTION), events);
  const parentCompany = events[0]!.parentCompany;
  await db
    .collection(collection)
    .updateOne({ _id: docId as never, parentCompany }, { $unset: Object.fromEntries(events.map((event) => [`${PENDING_EVENTS}.${event.id}`, ''])) });
}

/**
 * Moves every event left on a document of `collections` (a crash came between the change and its
 * move) into the outbox. The relay runs it before each pass; returns how many it moved.
 */
export async function sweepPendingEvents(db: Db, collections: readonly string[], limit = 200): Promise<number> {
  let moved = 0;
  for (const name of collections) {
    const docs = await db
      .collection(name)
      .find({ [PENDING_EVENTS]: { $exists: true, $ne: {} } })
      .project<{ _id: unknown; pendingEvents: Record<string, StoredEvent> }>({ [PENDING_EVENTS]: 1 })
      .limit(limit)
      .toArray();
    for (const doc of docs) {
      const events = Object.values(doc.pendingEvents);
      await movePendingEvents(db, name, doc._id, events);
      moved += events.length;
    }
  }
  return moved;
}

/** The outbox's indexes: the relay reads what it has not relayed yet, oldest first. */
export async function ensureOutboxIndexes(db: Db): Promise<void> {
  await db.collection(OUTBOX_COLLECTION).createIndex({ relayedAt: 1, occurredAt: 1 });
  // Readers of one type since a time: the authorization server follows `user.deactivated`.
  await db.collection(OUTBOX_COLLECTION).createIndex({ type: 1, occurredAt: 1 });
}

/**
 * Step 2 for a write made without the owned-record helpers (a raw `findOneAndUpdate` with
 * `withEvents`). A failure is left to the relay's sweeper: the events are stored with the change.
 */
export async function publishEventsOf(
  model: { db: { db?: Db | undefined }; collection: { collectionName: string } },
  docId: unknown,
  events: readonly StoredEvent[],
): Promise<void> {
  const db = model.db.db;
  if (!db || events.length === 0) return;
  await movePendingEvents(db, model.collection.collectionName, docId, events).catch(() => undefined);
}
