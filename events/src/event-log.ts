import { type Db } from 'mongodb';
import { type DomainEvent } from '@attunelogic/shared/events';
import { type EventSink } from './relay';

/** The collection of every relayed event of every tenant, keyed by event id (database `<prefix>-events`). */
export const EVENT_LOG_COLLECTION = 'log';

export interface EventLogEntry extends Omit<DomainEvent, 'id'> {
  _id: string;
  /** How many times the relay handed this event out (more than one after a crash between hand-out and mark). */
  copies: number;
  firstRelayedAt: Date;
}

/**
 * The sink every relayed event reaches first: the event log the webhook dispatcher and the live
 * stream read. Idempotent by id: a second copy only counts itself.
 */
export class EventLog implements EventSink {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async ensureIndexes(): Promise<void> {
    await this.db.collection(EVENT_LOG_COLLECTION).createIndex({ tenant: 1, occurredAt: 1 });
  }

  async publish(events: readonly DomainEvent[]): Promise<void> {
    const log = this.db.collection<EventLogEntry>(EVENT_LOG_COLLECTION);
    const at = this.now();
    for (const { id, ...event } of events) {
      await log.updateOne({ _id: id }, { $setOnInsert: { ...event, firstRelayedAt: at }, $inc: { copies: 1 } }, { upsert: true });
    }
  }
}
