// The live stream while the database restarts: a stream opened before the outage stays open through
// it, and every event recorded before, during (refused mutations record none) and after it reaches
// that same stream once the database is back: late, not lost. The relay runs here as in production.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '@attunelogic/shared';
import { connectDatabase } from '@attunelogic/shared/mongo';
import { freePort, startFerretDB, type RunningDatabase } from '@attunelogic/shared/dev';
import { OUTBOX_COLLECTION } from '@attunelogic/shared/events';
import { EventLog, Relay } from '@attunelogic/events';
import { openStream } from './event-stream';
import { DB_PREFIX, freshTenant, oid, post, startStack, tokenFor, type Stack } from './stack';

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step().catch(() => undefined);
});

const CREATE_USER = 'mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }';

describe('the live stream and a database restart', () => {
  it('a stream open through the outage receives every event of before and after it, once each', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'attunelogic-stream-fault-'));
    const port = await freePort();
    let db: RunningDatabase = await startFerretDB({ port, dir });
    const stack: Stack = await startStack({ mongodbUri: db.uri, gatewayEnv: { EVENTS_STREAM_POLL_MS: '100', EVENTS_STREAM_HEARTBEAT_MS: '500' } });
    const eventsDb = await connectDatabase(db.uri, `${DB_PREFIX}-events`);
    const log = new EventLog(eventsDb.db!);
    await log.ensureIndexes();
    const relay = new Relay({
      sources: (['core', 'trucking', 'service'] as const).map((name) => ({ name, db: stack.connections[name].db! })),
      sink: log,
      batch: 100,
      pollMs: 100,
      logger: createLogger('relay', 'silent'),
    });
    await relay.start();
    cleanup.push(async () => {
      await relay.stop();
      await stack.stop();
      await eventsDb.close();
      await db.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    const tenant = await freshTenant(stack, 'trucking');
    const token = await tokenFor(tenant);
    const stream = await openStream(stack, token);
    cleanup.push(async () => stream.close());
    expect(stream.status).toBe(200);
    const createUser = (n: number) =>
      post(stack, { query: CREATE_USER, token, variables: { input: { email: `u${n}@${tenant.slug}.test`, name: `User ${n}`, roles: ['viewer'] } } });

    for (let n = 1; n <= 3; n++) expect((await createUser(n)).body.errors).toBeUndefined();
    await stream.waitFor(3);

    // Two more, then the database goes down before the relay and the stream may have passed them on.
    for (let n = 4; n <= 5; n++) expect((await createUser(n)).body.errors).toBeUndefined();
    await db.stop();
    const beforeDown = stream.comments.length;
    const refused = await createUser(99);
    expect(refused.body.errors?.[0]?.extensions?.['code']).toBe('SERVICE_UNAVAILABLE');
    // The stream stays open while the database is down: its heartbeats go on.
    await expect.poll(() => stream.comments.length, { timeout: 10_000 }).toBeGreaterThan(beforeDown + 2);

    db = await startFerretDB({ port, dir });
    await expect.poll(async () => (await createUser(6)).body.errors, { timeout: 30_000, interval: 500 }).toBeUndefined();
    for (let n = 7; n <= 8; n++) expect((await createUser(n)).body.errors).toBeUndefined();

    // Every event the subgraphs recorded for the tenant arrives on the same stream, once.
    const recorded = await stack
      .collection('core', OUTBOX_COLLECTION)
      .find({ parentCompany: oid(tenant.id), type: 'user.created' })
      .toArray();
    expect(recorded.length).toBeGreaterThanOrEqual(8);
    const received = await stream.waitFor(recorded.length, 30_000);
    expect(received.map((e) => e.data.id).sort()).toEqual(recorded.map((e) => e['_id']).sort());
    expect(received.map((e) => e.data.payload['email'])).not.toContain(`u99@${tenant.slug}.test`);
    expect(stream.events.every((e) => e.data.tenant === tenant.id)).toBe(true);
  }, 120_000);
});
