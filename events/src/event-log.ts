import { type Db } from 'mongodb';
import { appendToEventLog, ensureEventLogIndexes, type DomainEvent } from '@attunelogic/shared/events';
import { type EventSink } from './relay';

// The log's schema lives in shared (the gateway's live stream reads it too); re-exported here for the relay's users.
export { EVENT_LOG_COLLECTION, type EventLogEntry } from '@attunelogic/shared/events';

/**
 * The sink every relayed event reaches first: the event log the webhook dispatcher and the live
 * stream read. Idempotent by id: a second copy only counts itself.
 */
export class EventLog implements EventSink {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  ensureIndexes(): Promise<void> {
    return ensureEventLogIndexes(this.db);
  }

  publish(events: readonly DomainEvent[]): Promise<void> {
    return appendToEventLog(this.db, events, this.now());
  }
}
