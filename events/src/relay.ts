import { type Db } from 'mongodb';
import { type Logger } from '@attunelogic/shared';
import {
  eventCollections,
  ensureOutboxIndexes,
  OUTBOX_COLLECTION,
  sweepPendingEvents,
  toDomainEvent,
  type DomainEvent,
  type StoredEvent,
} from '@attunelogic/shared/events';

/** Where relayed events go. `publish` must be idempotent by event id: the relay delivers at least once. */
export interface EventSink {
  publish(events: readonly DomainEvent[]): Promise<void>;
}

/** One subgraph's database, whose outbox the relay drains. */
export interface RelaySource {
  name: string;
  db: Db;
}

export interface RelayOptions {
  sources: readonly RelaySource[];
  /** Sources found on each pass: the dedicated tenants' databases (tenancy/placement.ts), which come and go with moves. */
  moreSources?: () => Promise<readonly RelaySource[]>;
  sink: EventSink;
  batch: number;
  pollMs: number;
  logger: Logger;
  now?: () => Date;
}

type OutboxEntry = StoredEvent & { _id: string; relayedAt: Date | null };

/**
 * Drains the subgraphs' outboxes into the sink, at least once: a batch is marked relayed only after
 * the sink took it, so a relay killed in between hands the same events (same ids) out again on its
 * next start. Before each pass it sweeps the events a crashed request left on their records.
 */
export class Relay {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private readonly indexed = new Set<string>();

  constructor(private readonly options: RelayOptions) {}

  async start(): Promise<void> {
    await Promise.all(this.options.sources.map((source) => ensureOutboxIndexes(source.db)));
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** One pass over every source; returns how many events it relayed. */
  async pass(): Promise<number> {
    let relayed = 0;
    for (const source of this.options.sources) relayed += await this.drain(source);
    for (const source of (await this.options.moreSources?.()) ?? []) {
      if (!this.indexed.has(source.db.databaseName)) {
        await ensureOutboxIndexes(source.db);
        this.indexed.add(source.db.databaseName);
      }
      relayed += await this.drain(source);
    }
    return relayed;
  }

  private async drain(source: RelaySource): Promise<number> {
    const { db, name } = source;
    const swept = await sweepPendingEvents(db, eventCollections(name));
    if (swept > 0) this.options.logger.warn({ source: name, swept }, 'events left on their records were moved to the outbox');
    const outbox = db.collection<OutboxEntry>(OUTBOX_COLLECTION);
    const batch = await outbox.find({ relayedAt: null }).sort({ occurredAt: 1, _id: 1 }).limit(this.options.batch).toArray();
    if (batch.length === 0) return 0;
    await this.options.sink.publish(batch.map(({ _id: _key, relayedAt: _relayedAt, ...event }) => toDomainEvent(event)));
    const at = this.options.now?.() ?? new Date();
    await outbox.updateMany({ _id: { $in: batch.map((entry) => entry._id) } }, { $set: { relayedAt: at } });
    return batch.length;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let relayed = 0;
      try {
        relayed = await this.pass();
      } catch (error) {
        this.options.logger.error({ err: error }, 'relay pass failed; retrying');
      }
      if (relayed === 0 && this.running) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.options.pollMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  }
}
