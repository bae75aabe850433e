// The relay drains the outboxes of the dedicated tenants' databases too, found in the directory.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type {} from '@attunelogic/shared/testing';
import mongoose, { type Connection } from 'mongoose';
import { createLogger } from '@attunelogic/shared';
import { connectDatabase } from '@attunelogic/shared/mongo';
import { buildEvents, OUTBOX_COLLECTION, type DomainEvent } from '@attunelogic/shared/events';
import { dedicatedSources } from './placement';
import { Relay } from './relay';

const prefix = `test-relay-pl-${process.pid}`;
let core: Connection;

beforeAll(async () => {
  core = await connectDatabase(inject('mongodbUri'), `${prefix}-core`);
});

afterAll(async () => {
  await core?.close();
});

describe('the relay and placement', () => {
  it("relays the events of a dedicated tenant's own database, found in the directory", async () => {
    const dedicated = new mongoose.Types.ObjectId();
    const pooled = new mongoose.Types.ObjectId();
    await core.db!.collection('customers').insertMany([
      { _id: dedicated, slug: `d-${dedicated.toHexString()}`, placement: { mode: 'dedicated', version: 1, moving: null } },
      { _id: pooled, slug: `p-${pooled.toHexString()}`, placement: { mode: 'pooled', version: 0, moving: null } },
    ]);
    const [event] = buildEvents(
      dedicated.toHexString(),
      { type: 'Load', id: new mongoose.Types.ObjectId().toHexString() },
      [{ type: 'load.delivered', payload: { referenceNumber: 'L-placed', deliveredAt: new Date() } }],
      new Date(),
    );
    const own = core.getClient().db(`${prefix}-trucking-t-${dedicated.toHexString()}`);
    await own.collection(OUTBOX_COLLECTION).insertOne({ _id: event!.id as never, ...event!, relayedAt: null });

    const sources = dedicatedSources(core, ['trucking', 'core'], { prefix, uri: inject('mongodbUri') });
    expect((await sources()).map((source) => [source.name, source.db.databaseName])).toEqual([['trucking', own.databaseName]]);

    const published: DomainEvent[] = [];
    const relay = new Relay({
      sources: [],
      moreSources: sources,
      sink: { publish: async (events) => void published.push(...events) },
      batch: 10,
      pollMs: 20,
      logger: createLogger('test', 'silent'),
    });
    expect(await relay.pass()).toBe(1);
    expect(published.map((e) => [e.id, e.tenant])).toEqual([[event!.id, dedicated.toHexString()]]);
    expect(await own.collection(OUTBOX_COLLECTION).countDocuments({ relayedAt: null })).toBe(0);
  });
});
