import { type mongo } from 'mongoose';
import { type Logger } from '@attunelogic/shared';
import { EVENT_LOG_COLLECTION, eventLogHead, type EventLogEntry } from '@attunelogic/shared/events';

/** How many settle windows a passed position is still looked for. */
const LATE_WATCH_FACTOR = 12;

/** What a connection is handed: one entry of the log, in log order. */
export type LiveEvent = EventLogEntry;

export interface TailOptions {
  /** The events database (`<prefix>-events`). */
  db: mongo.Db;
  /** How often the log is read for new entries. */
  pollMs: number;
  /** How long a gap in the positions is waited for before it is passed (a writer between taking a position and inserting). */
  settleMs: number;
  logger: Logger;
  /** Entries read per poll at most. */
  batch?: number;
  now?: () => number;
}

interface Listener {
  deliver(event: LiveEvent): void;
  close(): void;
}

/**
 * The one reader of the event log in a gateway instance: it polls the log's positions in order and
 * hands each entry to the connections of its tenant, however many there are (no connection reads the
 * database for new events). A position that is missing while a later one is there is a writer that
 * took its position and has not inserted yet: the tail stops there and waits up to `settleMs` for it,
 * so two writers inserting out of order never make it skip an event. A database outage only delays
 * the tail: it keeps its position and reads on from there once the database answers.
 */
export class LogTail {
  private position: number | undefined;
  private gapSince: number | undefined;
  /** Positions passed empty, still looked for (until the time given) in case their writer was only slow. */
  private readonly late = new Map<number, number>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private readonly started: Promise<void>;
  private markStarted!: () => void;

  constructor(private readonly options: TailOptions) {
    this.started = new Promise((resolve) => (this.markStarted = resolve));
  }

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  /** Ends every connection and the polling. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    this.markStarted();
    for (const set of this.listeners.values()) for (const listener of set) listener.close();
    this.listeners.clear();
    await this.loop;
  }

  /** Connections of this instance, per tenant (for limits and metrics). */
  connections(tenantId: string): number {
    return this.listeners.get(tenantId)?.size ?? 0;
  }

  /**
   * Registers a connection of a tenant; returns the position from which it receives entries live
   * (everything after it), so a resuming connection reads the log only up to there.
   */
  async subscribe(tenantId: string, listener: Listener): Promise<{ position: number; unsubscribe: () => void }> {
    await this.started;
    if (!this.running || this.position === undefined) throw new Error('the event stream is stopping');
    let set = this.listeners.get(tenantId);
    if (!set) this.listeners.set(tenantId, (set = new Set()));
    set.add(listener);
    return {
      position: this.position,
      unsubscribe: () => {
        set.delete(listener);
        if (set.size === 0 && this.listeners.get(tenantId) === set) this.listeners.delete(tenantId);
      },
    };
  }

  /** One read of the log: passes on every entry up to the first gap still inside its settle window. Returns how many. */
  async poll(): Promise<number> {
    const db = this.options.db;
    if (this.position === undefined) {
      this.position = await eventLogHead(db);
      this.markStarted();
    }
    const now = this.options.now ?? Date.now;
    const entries = await db
      .collection<EventLogEntry>(EVENT_LOG_COLLECTION)
      .find({ seq: { $gt: this.position } })
      .sort({ seq: 1 })
      .limit(this.options.batch ?? 500)
      .toArray();
    let passed = await this.pollLate();
    for (const entry of entries) {
      if (entry.seq !== this.position + 1) {
        this.gapSince ??= now();
        if (now() - this.gapSince < this.options.settleMs) break;
        this.options.logger.warn({ from: this.position + 1, to: entry.seq - 1 }, 'event log positions still empty after the settle window; passed');
        for (let seq = this.position + 1; seq < entry.seq && this.late.size < 10_000; seq++) this.late.set(seq, now() + LATE_WATCH_FACTOR * this.options.settleMs);
      }
      this.gapSince = undefined;
      this.position = entry.seq;
      passed++;
      for (const listener of this.listeners.get(entry.tenant) ?? []) listener.deliver(entry);
    }
    return passed;
  }

  /**
   * Positions passed empty are read again for a while (LATE_WATCH_FACTOR settle windows): a writer
   * slower than the window (a database stall between its `$inc` and its insert) still reaches the
   * streams, out of order, rather than only the log. Returns how many turned up.
   */
  private async pollLate(): Promise<number> {
    if (this.late.size === 0) return 0;
    const at = (this.options.now ?? Date.now)();
    for (const [seq, until] of this.late) if (until < at) this.late.delete(seq);
    if (this.late.size === 0) return 0;
    const found = await this.options.db
      .collection<EventLogEntry>(EVENT_LOG_COLLECTION)
      .find({ seq: { $in: [...this.late.keys()] } })
      .toArray();
    for (const entry of found) {
      this.late.delete(entry.seq);
      this.options.logger.warn({ seq: entry.seq }, 'event log entry arrived after its position was passed; sent late');
      for (const listener of this.listeners.get(entry.tenant) ?? []) listener.deliver(entry);
    }
    return found.length;
  }

  private async run(): Promise<void> {
    let failing = false;
    while (this.running) {
      let passed = 0;
      try {
        passed = await this.poll();
        if (failing) this.options.logger.info({ position: this.position }, 'event log readable again');
        failing = false;
      } catch (error) {
        if (!failing) this.options.logger.warn({ err: error }, 'event log unreadable; the stream waits');
        failing = true;
      }
      if (passed === 0 && this.running) {
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

/** The entries of one tenant after `after` up to `upTo`, in log order, read in pages: what a resuming connection missed. */
export async function* readTenantLog(db: mongo.Db, tenantId: string, after: number, upTo: number, page = 500): AsyncGenerator<LiveEvent> {
  let from = after;
  while (from < upTo) {
    const entries = await db
      .collection<EventLogEntry>(EVENT_LOG_COLLECTION)
      .find({ tenant: tenantId, seq: { $gt: from, $lte: upTo } })
      .sort({ seq: 1 })
      .limit(page)
      .toArray();
    yield* entries;
    if (entries.length < page) return;
    from = entries.at(-1)!.seq;
  }
}
