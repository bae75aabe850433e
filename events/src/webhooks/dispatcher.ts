import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { type Collection, type Db, MongoBulkWriteError } from 'mongodb';
import { appendAuditEvent, type AuditModels, type Logger } from '@attunelogic/shared';
import {
  buildEvents,
  ensureDeliveryIndexes,
  movePendingEvents,
  QUEUED_STATUSES,
  WEBHOOK_DELIVERIES_COLLECTION,
  WEBHOOK_ENDPOINTS_COLLECTION,
  withEvents,
  DEVELOPMENT_WEBHOOK_SECRET_KEYS,
  endpointSecretContext,
  openSecret,
  parseSecretKeys,
  sealStoredSecrets,
  type SecretKeyring,
  type DomainEvent,
  type EndpointDeliveryState,
  type WebhookDeliveryDocument,
} from '@attunelogic/shared/events';
import { EVENT_LOG_COLLECTION, type EventLogEntry } from '../event-log';
import { type DeliveryMetrics, type DeliveryOutcome } from '../metrics';
import { retryDelay, type RetryPolicy } from './backoff';
import { sendWebhook, type SendOptions, type SendOutcome } from './sender';

/**
 * When an endpoint is disabled by the system: `afterParked` deliveries parked in a row (no
 * success in between), or failing — every attempt since its last success failed — for `afterMs`.
 */
export interface AutoDisableRule {
  afterParked: number;
  afterMs: number;
}

export interface DispatcherOptions {
  /** The events database (the event log). */
  events: Db;
  /** Core's database: endpoints, deliveries, and the outbox of the `webhook_endpoint.disabled` notice. */
  core: Db;
  /** The audit database: a disabled endpoint is recorded in its tenant's chain. */
  audit: AuditModels;
  batch: number;
  pollMs: number;
  concurrency: number;
  /** How long a claim holds: longer than an attempt may take, so no other dispatcher sends it meanwhile. */
  leaseMs: number;
  retry: RetryPolicy;
  send: SendOptions;
  autoDisable: AutoDisableRule;
  logger: Logger;
  metrics?: DeliveryMetrics;
  now?: () => Date;
  random?: () => number;
  /** The dispatcher's name in the leases it takes (default: random). */
  owner?: string;
  /** The keys the endpoints' signing secrets are sealed with (WEBHOOK_SECRET_KEYS); default: the development keyring. */
  secrets?: SecretKeyring;
}

type LogEntry = EventLogEntry & { dispatchedAt?: Date | null };
type Delivery = WebhookDeliveryDocument & { _id: mongoose.Types.ObjectId };

const DUPLICATE_KEY = 11000;

/** The event log's entries not dispatched yet, oldest first; the deliveries' indexes (the unique one above all). */
export async function ensureDispatcherIndexes(events: Db, core: Db): Promise<void> {
  await events.collection(EVENT_LOG_COLLECTION).createIndex({ dispatchedAt: 1, firstRelayedAt: 1 });
  await ensureDeliveryIndexes(core);
}

/**
 * Turns event-log entries into webhook deliveries and sends them, at least once.
 *
 * 1. Dispatch: an entry not yet dispatched becomes one delivery per enabled endpoint of the SAME
 *    tenant that subscribes to its type (and existed when the event occurred); the unique
 *    (endpoint, event) index makes a repeated batch (a crash before the entry was marked) a no-op.
 * 2. Send: a due delivery is claimed with one guarded single-document update (its state as read,
 *    plus a lease), sent, and finished by an update guarded by that lease. Two dispatchers never
 *    send the same attempt at once; one killed mid-attempt leaves a lease that expires, and the
 *    attempt is sent again with the same `webhook-id` (the event id).
 * 3. A failure is retried after `retryDelay` (exponential, full jitter), parked after the last
 *    attempt; an endpoint that keeps failing (`AutoDisableRule`) is disabled.
 */
export class Dispatcher {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private claims = 0;
  private readonly owner: string;

  constructor(private readonly options: DispatcherOptions) {
    this.owner = options.owner ?? `dispatcher-${process.pid}-${randomBytes(4).toString('hex')}`;
    this.secrets = options.secrets ?? parseSecretKeys(DEVELOPMENT_WEBHOOK_SECRET_KEYS);
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private get log(): Collection<LogEntry> {
    return this.options.events.collection<LogEntry>(EVENT_LOG_COLLECTION);
  }

  private get deliveries(): Collection<Delivery> {
    return this.options.core.collection<Delivery>(WEBHOOK_DELIVERIES_COLLECTION);
  }

  private get endpoints(): Collection<EndpointDeliveryState> {
    return this.options.core.collection<EndpointDeliveryState>(WEBHOOK_ENDPOINTS_COLLECTION);
  }

  private readonly secrets: SecretKeyring;

  async start(): Promise<void> {
    await ensureDispatcherIndexes(this.options.events, this.options.core);
    await this.sealSecrets();
    this.running = true;
    this.loop = this.run();
  }

  /**
   * The migration of secrets stored as they are, and the end of a key rotation: every endpoint's
   * secret sealed under the current key (run at each start; safe with several dispatchers).
   */
  async sealSecrets(): Promise<{ sealed: number; resealed: number; unavailable: number }> {
    const sealed = await sealStoredSecrets(this.options.core, this.secrets);
    if (sealed.sealed + sealed.resealed > 0) this.options.logger.info(sealed, 'webhook signing secrets sealed under the current key');
    if (sealed.unavailable > 0)
      this.options.logger.error({ unavailable: sealed.unavailable }, 'webhook signing secrets sealed with a key WEBHOOK_SECRET_KEYS does not hold');
    return sealed;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** One dispatch and one send pass; returns how much it did. */
  async pass(): Promise<number> {
    return (await this.dispatch()) + (await this.sendDue());
  }

  /** Queued deliveries per tenant id (the queue-depth metric): one simple aggregation. */
  async queueDepth(): Promise<Map<string, number>> {
    const groups = await this.deliveries
      .aggregate<{ _id: mongoose.Types.ObjectId; count: number }>([
        { $match: { status: { $in: [...QUEUED_STATUSES] } } },
        { $group: { _id: '$parentCompany', count: { $sum: 1 } } },
      ])
      .toArray();
    return new Map(groups.map((group) => [group._id.toHexString(), group.count]));
  }

  /** Step 1: a batch of the event log into deliveries; returns how many entries it took. */
  async dispatch(): Promise<number> {
    const entries = await this.log.find({ dispatchedAt: null }).sort({ firstRelayedAt: 1, _id: 1 }).limit(this.options.batch).toArray();
    if (entries.length === 0) return 0;
    const tenants = [...new Set(entries.map((entry) => entry.tenant))].map((id) => new mongoose.Types.ObjectId(id));
    const endpoints = await this.endpoints
      .find({ parentCompany: { $in: tenants }, active: true })
      .project<Pick<EndpointDeliveryState, '_id' | 'parentCompany' | 'eventTypes'> & { createdAt: Date }>({ parentCompany: 1, eventTypes: 1, createdAt: 1 })
      .toArray();
    const at = this.now();
    const deliveries: Omit<Delivery, '_id'>[] = [];
    for (const entry of entries) {
      // The event as recorded; the log's own fields (its position, copies, relay times) stay in the log.
      const eventId = entry._id;
      const event: DomainEvent = {
        id: eventId,
        type: entry.type,
        version: entry.version,
        tenant: entry.tenant,
        occurredAt: entry.occurredAt,
        subject: entry.subject,
        payload: entry.payload,
      };
      for (const endpoint of endpoints) {
        // The same tenant only, the types it asked for, and only what happened since it was registered.
        if (endpoint.parentCompany.toHexString() !== event.tenant || !endpoint.eventTypes.includes(event.type)) continue;
        if (endpoint.createdAt > event.occurredAt) continue;
        deliveries.push({
          parentCompany: endpoint.parentCompany,
          endpoint: endpoint._id,
          eventId,
          eventType: event.type,
          occurredAt: event.occurredAt,
          event,
          status: 'pending',
          attempts: 0,
          nextAttemptAt: at,
          leaseOwner: null,
          leaseUntil: null,
          lastAttemptAt: null,
          lastResponseCode: null,
          lastError: null,
          succeededAt: null,
          replays: 0,
          createdAt: at,
          updatedAt: at,
        });
      }
    }
    await this.insertIgnoringDuplicates(deliveries);
    await this.log.updateMany({ _id: { $in: entries.map((entry) => entry._id) } }, { $set: { dispatchedAt: at } });
    return entries.length;
  }

  private async insertIgnoringDuplicates(deliveries: Omit<Delivery, '_id'>[]): Promise<void> {
    if (deliveries.length === 0) return;
    try {
      await this.deliveries.insertMany(deliveries as Delivery[], { ordered: false });
    } catch (error) {
      const duplicatesOnly = error instanceof MongoBulkWriteError && [error.writeErrors].flat().every((e) => e.code === DUPLICATE_KEY);
      if (!duplicatesOnly) throw error;
    }
  }

  /** Step 2: sends the deliveries that are due; returns how many attempts it made. */
  async sendDue(): Promise<number> {
    const now = this.now();
    const due = await this.deliveries
      .find({ status: { $in: [...QUEUED_STATUSES] }, nextAttemptAt: { $lte: now }, $or: [{ leaseUntil: null }, { leaseUntil: { $lte: now } }] })
      .sort({ nextAttemptAt: 1 })
      .limit(this.options.batch)
      .toArray();
    if (due.length === 0) return 0;
    const endpoints = await this.endpoints
      .find({ _id: { $in: [...new Set(due.map((d) => d.endpoint.toHexString()))].map((id) => new mongoose.Types.ObjectId(id)) } })
      .toArray();
    const byId = new Map(endpoints.map((endpoint) => [endpoint._id.toHexString(), endpoint]));
    let attempts = 0;
    let next = 0;
    const worker = async () => {
      while (next < due.length) {
        const delivery = due[next++]!;
        const endpoint = byId.get(delivery.endpoint.toHexString());
        // An endpoint of another tenant never receives it, whatever the delivery says.
        const own = endpoint && endpoint.parentCompany.equals(delivery.parentCompany) ? endpoint : undefined;
        if (await this.attempt(delivery, own)) attempts++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency, due.length) }, worker));
    return attempts;
  }

  /** Claims, sends and finishes one delivery; false when another dispatcher (or a replay) had it first. */
  private async attempt(delivery: Delivery, endpoint: EndpointDeliveryState | undefined): Promise<boolean> {
    const claimedAt = this.now();
    const lease = `${this.owner}:${++this.claims}`;
    const claim = await this.deliveries.updateOne(
      { _id: delivery._id, status: delivery.status, attempts: delivery.attempts, replays: delivery.replays, leaseUntil: delivery.leaseUntil },
      { $set: { leaseOwner: lease, leaseUntil: new Date(claimedAt.getTime() + this.options.leaseMs) } },
    );
    if (claim.modifiedCount !== 1) return false;

    if (!endpoint || !endpoint.active) {
      await this.finish(delivery, lease, 'parked', {
        lastError: endpoint ? 'the endpoint is disabled' : 'the endpoint was removed',
        nextAttemptAt: null,
      });
      return true;
    }

    let secret: string | null = null;
    try {
      secret = openSecret(this.secrets, endpoint.secret, endpointSecretContext(endpoint.parentCompany.toHexString(), endpoint._id.toHexString()));
    } catch (error) {
      this.options.logger.error({ endpoint: endpoint._id.toHexString(), err: error }, 'webhook signing secret does not open; the delivery waits for its key');
    }
    // Signed at the wall clock's time whatever `now` says: the receiver checks the timestamp against its own.
    const outcome: SendOutcome = secret
      ? await sendWebhook({ url: endpoint.url, secret }, delivery.event, this.options.send)
      : { ok: false, status: null, error: 'the signing secret does not open (its key is not in WEBHOOK_SECRET_KEYS)' };
    const at = this.now();
    const attempt = delivery.attempts + 1;
    const common = { attempts: attempt, lastAttemptAt: at, lastResponseCode: outcome.status, lastError: outcome.ok ? null : failureOf(outcome) };
    if (outcome.ok) {
      if (await this.finish(delivery, lease, 'succeeded', { ...common, nextAttemptAt: null, succeededAt: at })) {
        this.options.metrics?.delivered(new Date(delivery.occurredAt), at);
      }
      if (endpoint.failingSince || endpoint.consecutiveParked) {
        await this.endpoints.updateOne({ _id: endpoint._id, parentCompany: endpoint.parentCompany }, { $set: { failingSince: null, consecutiveParked: 0 } });
        endpoint.failingSince = null;
        endpoint.consecutiveParked = 0;
      }
      return true;
    }
    const wait = retryDelay(attempt, this.options.retry, this.options.random);
    const status = wait === null ? 'parked' : 'failed';
    await this.finish(delivery, lease, status, { ...common, nextAttemptAt: wait === null ? null : new Date(at.getTime() + wait) });
    // A secret that does not open is this side's configuration, not the endpoint failing: it counts nothing against it.
    if (secret) await this.endpointFailed(endpoint, status === 'parked', at);
    return true;
  }

  /** Ends an attempt under its lease; false when the lease was lost (expired and taken, or a replay). */
  private async finish(delivery: Delivery, lease: string, status: DeliveryOutcome, set: Partial<Delivery>): Promise<boolean> {
    const done = await this.deliveries.updateOne(
      { _id: delivery._id, leaseOwner: lease },
      { $set: { ...set, status, leaseOwner: null, leaseUntil: null, updatedAt: this.now() } },
    );
    this.options.metrics?.attempt(status);
    if (done.modifiedCount !== 1)
      this.options.logger.warn({ delivery: delivery._id.toHexString() }, 'a delivery changed during its attempt (replayed, or its lease expired); its new state stands');
    return done.modifiedCount === 1;
  }

  /** The endpoint's failure record, and the auto-disable rule. */
  private async endpointFailed(endpoint: EndpointDeliveryState, parked: boolean, at: Date): Promise<void> {
    const filter = { _id: endpoint._id, parentCompany: endpoint.parentCompany };
    if (!endpoint.failingSince) {
      await this.endpoints.updateOne({ ...filter, failingSince: null }, { $set: { failingSince: at } });
      endpoint.failingSince = at;
    }
    if (parked) {
      const after = await this.endpoints.findOneAndUpdate(filter, { $inc: { consecutiveParked: 1 } }, { returnDocument: 'after' });
      endpoint.consecutiveParked = after?.consecutiveParked ?? (endpoint.consecutiveParked ?? 0) + 1;
      if (after?.failingSince) endpoint.failingSince = after.failingSince;
    }
    const { afterParked, afterMs } = this.options.autoDisable;
    const since = endpoint.failingSince ? new Date(endpoint.failingSince) : at;
    if ((endpoint.consecutiveParked ?? 0) >= afterParked) {
      await this.disable(endpoint, `disabled by the system: ${endpoint.consecutiveParked} deliveries in a row were parked`, at);
    } else if (at.getTime() - since.getTime() >= afterMs) {
      await this.disable(endpoint, `disabled by the system: every delivery failed since ${since.toISOString()}`, at);
    }
  }

  /**
   * Disables the endpoint (guarded on `active: true`, so only one dispatcher does it) with the
   * `webhook_endpoint.disabled` event in the same write, then moves the event to core's outbox and
   * records the change in the tenant's audit chain.
   */
  private async disable(endpoint: EndpointDeliveryState, reason: string, at: Date): Promise<void> {
    if (!endpoint.active) return;
    const tenant = endpoint.parentCompany.toHexString();
    const id = endpoint._id.toHexString();
    const events = buildEvents(tenant, { type: 'WebhookEndpoint', id }, [{ type: 'webhook_endpoint.disabled', payload: { url: endpoint.url, reason } }], at);
    const done = await this.endpoints.updateOne(
      { _id: endpoint._id, parentCompany: endpoint.parentCompany, active: true },
      withEvents({ $set: { active: false, disabledReason: reason } }, events),
    );
    endpoint.active = false;
    if (done.modifiedCount !== 1) return;
    this.options.logger.warn({ tenant, endpoint: id, reason }, 'webhook endpoint disabled');
    await movePendingEvents(this.options.core, WEBHOOK_ENDPOINTS_COLLECTION, endpoint._id, events);
    await appendAuditEvent(this.options.audit, tenant, {
      at,
      actor: 'system:webhooks',
      subgraph: 'events',
      operation: 'disableWebhookEndpoint',
      targetType: 'WebhookEndpoint',
      targetId: id,
      outcome: 'success',
      errorCode: null,
      diff: { active: { from: true, to: false }, disabledReason: { from: endpoint.disabledReason, to: reason } },
      requestId: events[0]!.id,
    });
  }

  private async run(): Promise<void> {
    while (this.running) {
      let done = 0;
      try {
        done = await this.pass();
      } catch (error) {
        this.options.logger.error({ err: error }, 'webhook dispatcher pass failed; retrying');
      }
      if (done === 0 && this.running) {
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

const failureOf = (outcome: SendOutcome): string => (outcome.error ?? `HTTP ${outcome.status}`).slice(0, 500);
