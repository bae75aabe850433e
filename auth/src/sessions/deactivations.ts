// A deactivated person's sessions end at once, not at their next refresh: the server follows core's
// outbox (`user.deactivated`, written with the deactivation) and ends everything the person holds.
// It follows `user.created` too: a new person without a password gets an invitation, a one-time
// link to set one (`invite`; logged in development, there being no mail transport yet).
import mongoose, { type Connection } from 'mongoose';
import { systemClock, type Clock, type Logger } from '@attunelogic/shared';
import { OUTBOX_COLLECTION, type StoredEvent } from '@attunelogic/shared/events';
import { type SessionStore } from './sessions';

export interface DeactivationWatcher {
  /** Reads the events since the last poll and ends their people's sessions; how many people. */
  poll(): Promise<number>;
  start(): void;
  stop(): void;
}

/**
 * Polls core's outbox every `intervalMs`. It starts `lookBackMs` in the past (a session's whole
 * life), so a deactivation while the server was down still ends the sessions at start.
 */
export function watchDeactivations(options: {
  coreConnection: Connection;
  sessions: SessionStore;
  intervalMs: number;
  lookBackMs: number;
  logger: Logger;
  clock?: Clock;
  /** Sends a new person the link to set a password; absent: no invitations. */
  invite?: (user: { tenantId: string; slug: string; userId: string; email: string }) => Promise<void>;
}): DeactivationWatcher {
  const clock = options.clock ?? systemClock;
  const outbox = options.coreConnection.collection<StoredEvent>(OUTBOX_COLLECTION);
  const customers = options.coreConnection.collection('customers');
  let since = new Date(clock.now().getTime() - options.lookBackMs);
  // Invitations from now on only: a restart does not invite again everyone of the look-back.
  let invitedSince = clock.now();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;

  async function readOnce(): Promise<number> {
    const events = await outbox
      .find({ type: 'user.deactivated', occurredAt: { $gt: since } })
      .sort({ occurredAt: 1 })
      .limit(500)
      .toArray();
    for (const event of events) {
      const ended = await options.sessions.revokeAll(event.subject.id);
      if (ended > 0) options.logger.info({ userId: event.subject.id, ended }, 'user deactivated: sessions ended');
      since = event.occurredAt;
    }
    if (options.invite) await inviteOnce(options.invite);
    return events.length;
  }

  async function inviteOnce(invite: NonNullable<typeof options.invite>): Promise<void> {
    const created = await outbox
      .find({ type: 'user.created', occurredAt: { $gt: invitedSince } })
      .sort({ occurredAt: 1 })
      .limit(500)
      .toArray();
    for (const event of created) {
      invitedSince = event.occurredAt;
      const tenant = await customers.findOne({ _id: new mongoose.Types.ObjectId(event.parentCompany) }, { projection: { slug: 1 } });
      if (!tenant) continue;
      await invite({ tenantId: event.parentCompany.toHexString(), slug: String(tenant['slug']), userId: event.subject.id, email: String(event.payload['email'] ?? '') });
    }
  }

  const watcher: DeactivationWatcher = {
    poll() {
      running ??= readOnce().finally(() => (running = undefined));
      return running;
    },
    start() {
      timer = setInterval(() => {
        watcher.poll().catch((error: unknown) => options.logger.warn({ err: error }, 'reading deactivations failed'));
      }, options.intervalMs);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
    },
  };
  return watcher;
}
