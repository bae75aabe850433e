import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type mongo } from 'mongoose';
import { encode, encodeComment } from 'eventsource-encoder';
import { type Logger } from '@attunelogic/shared';
import { isEventType, mayReceiveEvent } from '@attunelogic/shared/events';
import { type Directory, type TenantRecord } from '@attunelogic/shared/tenancy';
import { RefusalError } from '../auth/verify-token';
import { refusal, refusals, sendRefusal } from '../http/refusals';
import { type RequestIds } from '../http/router';
import { type Metrics } from '../metrics';
import { type Budgets, type RateLimiter } from '../rate-limit';
import { type Authenticator } from '../request/authenticate';
import { verifyParent } from '../verification/verify-parent';
import { readTenantLog, type LiveEvent, type LogTail } from './tail';

export interface EventStreamOptions {
  authenticate: Authenticator;
  directory: Directory;
  limiter: RateLimiter;
  budgetsFor(tenant: TenantRecord): Budgets;
  addressFailures: number;
  tail: LogTail;
  /** The events database, read only to resume a connection (Last-Event-ID). */
  db: mongo.Db;
  /** Open streams of one user, and of one tenant, in this gateway instance. */
  perUser: number;
  perTenant: number;
  /** A comment every so often keeps proxies from closing a quiet stream; the caller's membership is verified again then. */
  heartbeatMs: number;
  /** What the client waits before reconnecting (the `retry` field). */
  retryMs: number;
  /** A client that reads slower than this much buffered output is disconnected (it resumes with Last-Event-ID). */
  maxBufferedBytes: number;
  logger: Logger;
  metrics: Pick<Metrics, 'streamOpened' | 'streamClosed' | 'streamSent'>;
  /** The time tokens are judged by (the gateway's clock). */
  now: () => number;
}

const LAST_EVENT_ID = /^\d{1,15}$/;

/** What a subscriber receives in `data`: the event as the catalogue describes it. */
const body = (event: LiveEvent): string =>
  JSON.stringify({
    id: event._id,
    type: event.type,
    version: event.version,
    tenant: event.tenant,
    occurredAt: event.occurredAt,
    subject: event.subject,
    payload: event.payload,
  });

/**
 * `GET /api/v1/events`: the caller's tenant's events, as server-sent events, that the caller's roles
 * may see. Authenticated as every request (tenant, token from the Authorization header, parent
 * verification, the address and request budgets), then limited to `perUser` / `perTenant` open
 * streams. Each event's `id` is its position in the event log; a client that reconnects with
 * `Last-Event-ID` first receives what it missed, then the live events, without a gap or a repeat.
 */
export function createEventStreamHandler(o: EventStreamOptions) {
  const perUser = new Map<string, number>();
  const userKey = (tenantId: string, userId: string) => `${tenantId}:${userId}`;

  return async function handleEventStream(req: IncomingMessage, res: ServerResponse, ids: RequestIds): Promise<void> {
    const { requestId } = ids;
    if (req.method !== 'GET') return sendRefusal(res, refusal('BAD_USER_INPUT', 'Use GET.', { status: 405, headers: { allow: 'GET' } }));
    const address = req.socket.remoteAddress ?? 'unknown';
    const allowed = await o.limiter.address(address, o.addressFailures);
    if (!allowed.ok) return sendRefusal(res, refusals.rateLimited(allowed.retryAfterSeconds));
    const auth = await o.authenticate(req, ids);
    if (!auth.ok) {
      if (auth.refusal.code !== 'SERVICE_UNAVAILABLE') await o.limiter.addressFailed(address);
      o.logger.info({ requestId, code: auth.refusal.code, reason: auth.reason }, 'event stream refused');
      return sendRefusal(res, auth.refusal);
    }
    const { tenant, record, principal, expiresAt } = auth.value;
    const verdict = await o.limiter.request(tenant.tenantId, tenant.userId, o.budgetsFor(record));
    if (!verdict.ok) return sendRefusal(res, refusals.rateLimited(verdict.retryAfterSeconds));
    const lastEventId = req.headers['last-event-id'];
    if (lastEventId !== undefined && (typeof lastEventId !== 'string' || !LAST_EVENT_ID.test(lastEventId))) {
      return sendRefusal(res, refusal('BAD_USER_INPUT', 'Last-Event-ID must be the id of an event of this stream.'));
    }
    const key = userKey(tenant.tenantId, tenant.userId);
    if ((perUser.get(key) ?? 0) >= o.perUser || o.tail.connections(tenant.tenantId) >= o.perTenant) {
      o.logger.info({ requestId, tenant: tenant.slug, limit: 'eventStreams' }, 'rate limited');
      return sendRefusal(res, refusals.rateLimited(Math.ceil(o.retryMs / 1000)));
    }
    perUser.set(key, (perUser.get(key) ?? 0) + 1);

    let roles = tenant.roles;
    let closed = false;
    let opened = false;
    // Live events that arrive while a resuming connection still reads what it missed wait here.
    let pending: LiveEvent[] | undefined = lastEventId === undefined ? undefined : [];
    let sent = lastEventId === undefined ? 0 : Number(lastEventId);
    // What a connection has sent is every position up to `sent`; a late entry (its position passed
    // empty by the tail, then filled) is below it and goes out once, when the tail hands it over.
    const send = (event: LiveEvent, late = false) => {
      if ((!late && event.seq <= sent) || !isEventType(event.type)) return;
      if (!late) sent = event.seq;
      if (!mayReceiveEvent(tenant.appType, roles, event, tenant.userId)) return;
      res.write(encode({ id: String(event.seq), event: event.type, data: body(event) }));
      o.metrics.streamSent(event.occurredAt);
      if (res.writableLength > o.maxBufferedBytes) {
        o.logger.info({ requestId, tenant: tenant.slug }, 'event stream reader too slow; disconnected');
        res.destroy();
      }
    };
    const end = () => {
      if (closed) return;
      closed = true;
      clearInterval(timers.heartbeat);
      clearTimeout(timers.expiry);
      subscription?.unsubscribe();
      const left = (perUser.get(key) ?? 1) - 1;
      if (left > 0) perUser.set(key, left);
      else perUser.delete(key);
      if (opened) o.metrics.streamClosed();
      res.end();
    };
    // Started once the stream is open; `end` may run before that (the client gone while registering).
    const timers: { heartbeat?: NodeJS.Timeout; expiry?: NodeJS.Timeout } = {};
    res.once('close', end);

    let subscription: { position: number; unsubscribe: () => void } | undefined;
    try {
      subscription = await o.tail.subscribe(tenant.tenantId, {
        deliver: (event) => (pending ? pending.push(event) : send(event, event.seq <= sent)),
        close: end,
      });
    } catch (error) {
      end();
      throw error;
    }
    if (closed) return subscription.unsubscribe();
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(encode({ retry: o.retryMs }));
    opened = true;
    o.metrics.streamOpened();
    // The stream lives no longer than its token: the client reconnects with a fresh one (and Last-Event-ID).
    timers.expiry = setTimeout(end, Math.max(0, expiresAt.getTime() - o.now()));
    timers.heartbeat = setInterval(() => {
      res.write(encodeComment('heartbeat'));
      // Membership and roles are verified again (from the directory's cache): a deactivated user's or a
      // suspended tenant's stream ends, a changed role filters from now on.
      verifyParent(o.directory, tenant.slug, tenant.userId, principal).then(
        ({ user }) => (roles = user.roles),
        (error: unknown) => {
          if (error instanceof RefusalError) end();
        },
      );
    }, o.heartbeatMs);
    o.logger.info({ requestId, tenant: tenant.slug, resumeAfter: lastEventId ?? null, position: subscription.position }, 'event stream opened');
    if (pending) {
      try {
        for await (const event of readTenantLog(o.db, tenant.tenantId, sent, subscription.position)) {
          if (closed) return;
          send(event);
        }
      } catch (error) {
        // The missed events could not be read: the client reconnects with the same Last-Event-ID.
        o.logger.warn({ requestId, err: error }, 'event stream resume failed');
        return end();
      }
      const live = pending;
      pending = undefined;
      for (const event of live) send(event);
    }
  };
}
