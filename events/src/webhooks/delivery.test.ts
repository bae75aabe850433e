// Webhooks end to end: the events process (relay and dispatcher, its own process as `pnpm dev`
// starts it) delivering the outbox of a subgraph to a partner's receiver on loopback.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type {} from '@attunelogic/shared/testing';
import mongoose, { type Connection } from 'mongoose';
import { connectDatabase } from '@attunelogic/shared/mongo';
import { freePort, startFerretDB, type RunningDatabase } from '@attunelogic/shared/dev';
import { buildEvents, OUTBOX_COLLECTION, WEBHOOK_DELIVERIES_COLLECTION, WEBHOOK_ENDPOINTS_COLLECTION, type StoredEvent } from '@attunelogic/shared/events';
import { TestReceiver, testSecret, type Received } from './test-receiver';

const here = path.dirname(fileURLToPath(import.meta.url));
const children: ChildProcess[] = [];
const cleanups: (() => Promise<unknown>)[] = [];

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

/** The events process on `uri`, with a short retry policy and loopback deliveries allowed. */
function startEvents(uri: string, prefix: string, metricsPort = 0): ChildProcess {
  // node itself with tsx's loader (not the tsx launcher, whose child would outlive a SIGKILL of it).
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: path.join(here, '..', '..'),
    env: {
      ...process.env,
      MONGODB_URI: uri,
      MONGODB_DB_PREFIX: prefix,
      EVENTS_SOURCES: 'trucking',
      EVENTS_BATCH: '100',
      EVENTS_POLL_MS: '20',
      PORT: '0',
      EVENTS_METRICS_PORT: String(metricsPort),
      WEBHOOKS_ALLOW_PRIVATE: 'on',
      WEBHOOKS_TIMEOUT_MS: '1000',
      WEBHOOKS_CONCURRENCY: '16',
      WEBHOOKS_RETRY_BASE_MS: '20',
      WEBHOOKS_RETRY_MAX_MS: '300',
      WEBHOOKS_MAX_ATTEMPTS: '50',
      WEBHOOKS_DISABLE_AFTER_PARKED: '1000',
      LOG_LEVEL: 'fatal',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  return child;
}

async function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

interface Scene {
  trucking: Connection;
  core: Connection;
  receiver: TestReceiver;
  /** The endpoints' paths by tenant id. */
  paths: Map<string, string>;
  tenants: string[];
}

/** Two tenants with an endpoint each (load.status_changed) at their own path of one receiver. */
async function scene(uri: string, prefix: string): Promise<Scene> {
  const [trucking, core] = (await Promise.all(['trucking', 'core'].map((db) => connectDatabase(uri, `${prefix}-${db}`)))) as [Connection, Connection];
  cleanups.push(() => Promise.all([trucking.close(), core.close()]));
  const receiver = new TestReceiver();
  await receiver.start();
  cleanups.push(() => receiver.kill());
  const tenants = [new mongoose.Types.ObjectId(), new mongoose.Types.ObjectId()];
  const paths = new Map<string, string>();
  for (const tenant of tenants) {
    const _id = new mongoose.Types.ObjectId();
    const where = `/hooks/${tenant.toHexString()}`;
    receiver.secrets[where] = testSecret(_id.toHexString());
    paths.set(tenant.toHexString(), where);
    await core.db!.collection(WEBHOOK_ENDPOINTS_COLLECTION).insertOne({
      _id,
      parentCompany: tenant,
      url: receiver.url(where),
      eventTypes: ['load.status_changed'],
      description: null,
      secret: receiver.secrets[where],
      active: true,
      disabledReason: null,
      createdBy: new mongoose.Types.ObjectId(),
      createdAt: new Date(Date.now() - 60_000),
    });
  }
  return { trucking, core, receiver, paths, tenants: tenants.map((t) => t.toHexString()) };
}

/** `count` events of each tenant in the trucking outbox, as the subgraph's requests leave them. */
async function queue(s: Scene, count: number): Promise<StoredEvent[]> {
  const events = s.tenants.flatMap((tenant) =>
    Array.from(
      { length: count },
      (_, i) =>
        buildEvents(
          tenant,
          { type: 'Load', id: new mongoose.Types.ObjectId().toHexString() },
          [{ type: 'load.status_changed', payload: { referenceNumber: `L-${i}`, from: 'assigned', to: 'in_transit' } }],
          new Date(),
        )[0]!,
    ),
  );
  await s.trucking.db!.collection(OUTBOX_COLLECTION).insertMany(events.map((event) => ({ _id: event.id as never, ...event, relayedAt: null })));
  return events;
}

/** What the receiver acknowledged, by event id. */
const acknowledgedIds = (s: Scene) => new Set(s.receiver.acknowledged().map((r) => r.id));

/** The guarantees a partner relies on, over everything the receiver got. */
function expectDelivered(s: Scene, events: readonly StoredEvent[]): { requests: number; duplicates: number } {
  const received = s.receiver.received;
  // Every signature verifies (the receiver answers 401 otherwise).
  expect(received.filter((r) => !r.verified)).toEqual([]);
  // Nothing from the other tenant arrives at an endpoint.
  expect(received.filter((r) => s.paths.get(r.body.tenant) !== r.path)).toEqual([]);
  // Every event arrives at least once (acknowledged), at its own tenant's endpoint.
  const expected = new Map(events.map((event) => [event.id, event.parentCompany.toHexString()]));
  const acknowledged = s.receiver.acknowledged();
  expect(new Set(acknowledged.map((r) => r.id))).toEqual(new Set(expected.keys()));
  for (const r of acknowledged) expect(r.body.tenant).toBe(expected.get(r.id));
  // A duplicate is the same event: same webhook-id, same body id and content.
  const byId = new Map<string, Received>();
  let duplicates = 0;
  for (const r of acknowledged) {
    const first = byId.get(r.id);
    if (!first) byId.set(r.id, r);
    else {
      duplicates++;
      expect(r.body).toEqual(first.body);
    }
    expect(r.body.id).toBe(r.id);
  }
  return { requests: received.length, duplicates };
}

describe('webhooks end to end', () => {
  it('1,000 events of two tenants to a receiver that fails one request in five and is killed once, with the events process SIGKILLed once too: every event arrives, duplicates carry the same id, signatures verify, nothing crosses tenants', async () => {
    const uri = inject('mongodbUri');
    const prefix = `test-deliver-${process.pid}`;
    const s = await scene(uri, prefix);
    let n = 0;
    s.receiver.answer = () => (++n % 5 === 0 ? 503 : 204);
    const events = await queue(s, 500);
    const started = Date.now();

    const metricsPort = await freePort();
    const first = startEvents(uri, prefix);
    await until(() => acknowledgedIds(s).size >= 250, '250 events acknowledged');
    // The receiver dies (every connection dropped) and comes back a second later on the same port.
    await s.receiver.kill();
    const receiverDownAt = acknowledgedIds(s).size;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await s.receiver.restart();
    await until(() => acknowledgedIds(s).size >= 600, '600 events acknowledged');
    // The events process is killed mid-attempt: its leases expire, the attempts are sent again.
    await kill(first, 'SIGKILL');
    const killedAt = acknowledgedIds(s).size;
    const second = startEvents(uri, prefix, metricsPort);
    const deliveries = s.core.db!.collection(WEBHOOK_DELIVERIES_COLLECTION);
    await until(async () => acknowledgedIds(s).size >= events.length && (await deliveries.countDocuments({ status: 'succeeded' })) === events.length, 'every event');
    const seconds = (Date.now() - started) / 1_000;

    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    await kill(second, 'SIGTERM');

    const { requests, duplicates } = expectDelivered(s, events);
    expect(await deliveries.countDocuments({})).toBe(events.length);
    expect(metrics).toMatch(/webhook_deliveries_total\{outcome="succeeded"\} [1-9]/);
    expect(metrics).toMatch(/webhook_delivery_lag_seconds_count [1-9]/);
    expect(metrics.split('\n').filter((line) => line.startsWith('webhook_queue_depth{')).length).toBeLessThanOrEqual(11);
    console.log(
      `webhooks end to end: ${events.length} events in ${seconds.toFixed(1)} s; ${requests} requests ` +
        `(${s.receiver.received.filter((r) => r.status === 503).length} answered 503), ${duplicates} duplicates (same id); ` +
        `receiver killed at ${receiverDownAt} acknowledged, events process SIGKILLed at ${killedAt}`,
    );
  });

  it('events keep flowing while the database restarts: late, not lost', async () => {
    // A database of its own, on a folder that outlives a stop, so it can be stopped and started again.
    const dir = mkdtempSync(path.join(tmpdir(), 'attunelogic-restart-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const port = await freePort();
    let db: RunningDatabase = await startFerretDB({ dir, port });
    cleanups.push(() => db.stop());
    const uri = db.uri;
    const prefix = 'test-restart';
    const s = await scene(uri, prefix);
    const before = await queue(s, 200);
    const events = startEvents(uri, prefix);
    await until(() => acknowledgedIds(s).size >= 40, 'the first 40 events');

    const downAt = acknowledgedIds(s).size;
    await db.stop();
    const stoppedAt = acknowledgedIds(s).size;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const restartAt = acknowledgedIds(s).size;
    db = await startFerretDB({ dir, port });
    // Written after the restart (a subgraph's request would write them the same way).
    const after = await queue(s, 50);
    await until(() => acknowledgedIds(s).size >= before.length + after.length, 'every event, before and after the restart');
    await kill(events, 'SIGTERM');

    const { duplicates } = expectDelivered(s, [...before, ...after]);
    expect(restartAt).toBeLessThan(before.length);
    console.log(
      `database restart: ${downAt} of ${before.length} events acknowledged when it was told to stop, ${stoppedAt} once stopped, ` +
        `${restartAt} when it started again; all ${before.length + after.length} delivered after it came back (${duplicates} duplicates)`,
    );
  });
});
