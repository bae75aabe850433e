import { type Db } from 'mongodb';
import { type DomainEvent } from './outbox';

// The event log: every relayed event of every tenant, one entry per event id, in database
// `<prefix>-events`. The relay writes it; the webhook dispatcher and the gateway's live stream read it.
//
// Each entry carries `seq`, its position in the log: taken from a counter document ($inc, one
// atomic single-document write) before the entry is inserted, so positions are unique and increase
// in the order they were taken. Two writers may take 7 and 8 and insert 8 first: a reader that sees
// 8 without 7 has found a gap, and waits for it (the stream's settle window) rather than passing it.

/** The collection of the log. */
export const EVENT_LOG_COLLECTION = 'log';
/** The counter the log's positions come from (`_id: 'log'`). */
export const EVENT_LOG_COUNTERS = 'counters';

export interface EventLogEntry extends Omit<DomainEvent, 'id'> {
  _id: string;
  /** The entry's position in the log: unique, increasing in the order the writers took it. */
  seq: number;
  /** How many times the relay handed this event out (more than one after a crash between hand-out and mark). */
  copies: number;
  firstRelayedAt: Date;
}

export async function ensureEventLogIndexes(db: Db): Promise<void> {
  const log = db.collection(EVENT_LOG_COLLECTION);
  await log.createIndex({ tenant: 1, occurredAt: 1 });
  await log.createIndex({ seq: 1 });
  await log.createIndex({ tenant: 1, seq: 1 });
}

/**
 * Appends events to the log, idempotent by id: a second copy only counts itself and takes no new
 * position. An event already there is found by its id before a position is taken; two writers of the
 * same event at once may take a position each, and the loser's stays a gap (readers pass it after
 * their settle window).
 */
export async function appendToEventLog(db: Db, events: readonly DomainEvent[], at: Date): Promise<void> {
  const log = db.collection<EventLogEntry>(EVENT_LOG_COLLECTION);
  const counters = db.collection<{ _id: string; seq: number }>(EVENT_LOG_COUNTERS);
  for (const { id, ...event } of events) {
    const copy = await log.updateOne({ _id: id }, { $inc: { copies: 1 } });
    if (copy.matchedCount > 0) continue;
    const counter = await counters.findOneAndUpdate({ _id: 'log' }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after' });
    if (!counter) throw new Error('the event log counter was not returned');
    await log.updateOne({ _id: id }, { $setOnInsert: { ...event, seq: counter.seq, firstRelayedAt: at }, $inc: { copies: 1 } }, { upsert: true });
  }
}

/** The highest position taken so far (0 for an empty log): where a reader that wants only new events starts. */
export async function eventLogHead(db: Db): Promise<number> {
  const counter = await db.collection<{ _id: string; seq: number }>(EVENT_LOG_COUNTERS).findOne({ _id: 'log' });
  return counter?.seq ?? 0;
}
