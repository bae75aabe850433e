import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type {} from '@attunelogic/shared/testing';
import mongoose, { type Connection } from 'mongoose';
import { connectDatabase } from '@attunelogic/shared/mongo';
import { buildEvents, OUTBOX_COLLECTION, pendingMarker, type StoredEvent } from '@attunelogic/shared/events';
import { EVENT_LOG_COLLECTION, type EventLogEntry } from './event-log';

const here = path.dirname(fileURLToPath(import.meta.url));
const prefix = `test-relay-${process.pid}`;

let trucking: Connection;
let eventsDb: Connection;
const children: ChildProcess[] = [];

beforeAll(async () => {
  [trucking, eventsDb] = await Promise.all([connectDatabase(inject('mongodbUri'), `${prefix}-trucking`), connectDatabase(inject('mongodbUri'), `${prefix}-events`)]);
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all([trucking?.close(), eventsDb?.close()]);
});

/** The relay as `pnpm dev` starts it: its own process, on this run's database. */
function startRelay(): ChildProcess {
  // node itself with tsx's loader (not the tsx launcher, whose child would outlive a SIGKILL of it).
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: path.join(here, '..'),
    env: {
      ...process.env,
      MONGODB_URI: inject('mongodbUri'),
      MONGODB_DB_PREFIX: prefix,
      EVENTS_SOURCES: 'trucking',
      EVENTS_BATCH: '40',
      EVENTS_POLL_MS: '20',
      PORT: '0',
      EVENTS_METRICS_PORT: '0',
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  return child;
}

const log = () => eventsDb.db!.collection<EventLogEntry>(EVENT_LOG_COLLECTION);
const outbox = () => trucking.db!.collection<StoredEvent & { _id: string; relayedAt: Date | null }>(OUTBOX_COLLECTION);

async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('the relay', () => {
  it('killed with SIGKILL mid-stream and restarted: every event reaches the log, once per id, with its tenant; copies handed out twice carry the same id', async () => {
    const tenants = [new mongoose.Types.ObjectId().toHexString(), new mongoose.Types.ObjectId().toHexString()];
    const at = new Date('2026-06-01T12:00:00Z');
    // 1,000 events already in the outbox, 500 per tenant.
    const queued = tenants.flatMap((tenant) =>
      Array.from(
        { length: 500 },
        (_, i) =>
          buildEvents(
            tenant,
            { type: 'Load', id: new mongoose.Types.ObjectId().toHexString() },
            [{ type: 'load.status_changed', payload: { referenceNumber: `L-${i}`, from: 'assigned', to: 'in_transit' } }],
            at,
          )[0]!,
      ),
    );
    await outbox().insertMany(queued.map((event) => ({ _id: event.id, ...event, relayedAt: null })));
    // And 20 a crashed request left on their records (change written, event not moved yet).
    const stranded = Array.from({ length: 20 }, (_, i) => {
      const _id = new mongoose.Types.ObjectId();
      const [event] = buildEvents(
        tenants[i % 2]!,
        { type: 'Load', id: _id.toHexString() },
        [{ type: 'load.delivered', payload: { referenceNumber: 'L-stranded', deliveredAt: at } }],
        at,
      );
      return { _id, parentCompany: event!.parentCompany, status: 'delivered', pendingEvents: pendingMarker([event!]), event: event! };
    });
    await trucking.db!.collection('loads').insertMany(stranded.map(({ event: _event, ...doc }) => doc));
    const expected = new Map([...queued, ...stranded.map((s) => s.event)].map((event) => [event.id, event.parentCompany.toHexString()]));

    const first = startRelay();
    // Killed in the middle of a batch (batches of 40): the events of that batch already logged are
    // not yet marked relayed, so the next relay hands them out again.
    await until(async () => (await log().countDocuments({})) >= 215, 'the first 215 events');
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    const relayedBeforeKill = await log().countDocuments({});
    const leftInOutbox = await outbox().countDocuments({ relayedAt: null });
    expect(relayedBeforeKill).toBeLessThan(expected.size);

    const second = startRelay();
    await until(async () => (await outbox().countDocuments({ relayedAt: null })) === 0 && (await log().countDocuments({})) >= expected.size, 'every event');
    second.kill('SIGTERM');
    await new Promise((resolve) => second.once('exit', resolve));

    const entries = await log().find({}).toArray();
    expect(entries).toHaveLength(expected.size);
    for (const entry of entries) expect(entry.tenant).toBe(expected.get(entry._id));
    expect(new Set(entries.map((e) => e._id))).toEqual(new Set(expected.keys()));
    // The records the crash left events on carry none any more.
    expect(await trucking.db!.collection('loads').countDocuments({ pendingEvents: { $exists: true, $ne: {} } })).toBe(0);
    // The copies handed out twice were folded into one entry by their id: the same id both times.
    const duplicated = entries.filter((e) => e.copies > 1);
    expect(duplicated.length).toBeGreaterThan(0);
    console.log(
      `relay SIGKILL: ${relayedBeforeKill} logged before the kill, ${leftInOutbox} still unmarked in the outbox; ` +
        `${entries.length} events, ${duplicated.length} handed out more than once (same id each time)`,
    );
  });
});
