// No data lost (issue #7.5): a database of this test's own takes a stream of writes (vehicles and
// work orders shaped as the subgraphs store them, written through the driver by collection name), is
// killed with SIGKILL in the middle, and is started again on the same folder and port. Every write it
// acknowledged is there, complete; nothing is half-written (every stored document is one of the
// writes, with every field it was sent with); a write it never acknowledged may be missing, but not
// damaged.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import mongoose, { type Connection } from 'mongoose';
import { connectDatabase } from '@attunelogic/shared/mongo';
import { freePort, startFerretDB, type RunningDatabase } from '@attunelogic/shared/dev';
import { randomVin } from './support/generate';
import { record } from './support/summary';

/** Kill once this many writes are acknowledged (or after KILL_AFTER_MS, whichever comes first). */
const KILL_AT_ACKNOWLEDGED = 90;
const KILL_AFTER_MS = 15_000;
const DB = 'durability';

let database: RunningDatabase | undefined;
const dir = mkdtempSync(path.join(tmpdir(), 'attunelogic-durability-'));

afterAll(async () => {
  await database?.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface Write {
  readonly kind: 'vehicle' | 'workOrder' | 'increment';
  readonly marker: string;
  /** What was sent, to compare with what is stored. */
  readonly fields: Record<string, unknown>;
  state: 'pending' | 'acknowledged' | 'failed';
}

/** The two collections written, by the names the trucking and service subgraphs store them under. */
const collections = (connection: Connection) => ({ vehicles: connection.db!.collection('vehicles'), workOrders: connection.db!.collection('workOrders') });

describe('a database killed in the middle of a stream of writes', () => {
  it('keeps every acknowledged write, complete, and nothing half-written', async () => {
    const port = await freePort();
    database = await startFerretDB({ port, dir });
    let connection = await connectDatabase(database.uri, DB);
    let { vehicles, workOrders } = collections(connection);

    const tenant = new mongoose.Types.ObjectId();
    const user = new mongoose.Types.ObjectId();
    // One document every increment goes to: its odometer counts the acknowledged $inc updates.
    const counter = { _id: new mongoose.Types.ObjectId() };
    await vehicles.insertOne({
      ...counter,
      parentCompany: tenant,
      unitNumber: 'COUNTER',
      vin: randomVin(),
      make: 'Volvo',
      model: 'VNL',
      year: 2022,
      odometer: 0,
      createdBy: user,
    });

    const writes: Write[] = [];
    let stopped = false;
    const acknowledged = () => writes.filter((w) => w.state === 'acknowledged').length;

    async function writer(kind: Write['kind']): Promise<void> {
      for (let i = 0; !stopped; i++) {
        const marker = `${kind}-${i}-${Math.random().toString(36).slice(2, 8)}`;
        const fields: Record<string, unknown> =
          kind === 'vehicle'
            ? { unitNumber: marker, vin: randomVin(), make: 'Freightliner', model: 'Cascadia', year: 2022, odometer: i, engineHours: i / 2 }
            : kind === 'workOrder'
              ? {
                  number: i + 1,
                  title: marker,
                  description: 'x'.repeat(2_000),
                  requiredSkills: [{ name: 'plumbing', minLevel: 2 }],
                  statusHistory: [{ status: 'new', at: new Date(), by: user }],
                }
              : {};
        const write: Write = { kind, marker, fields, state: 'pending' };
        writes.push(write);
        try {
          if (kind === 'vehicle') await vehicles.insertOne({ parentCompany: tenant, createdBy: user, ...fields });
          else if (kind === 'workOrder') await workOrders.insertOne({ parentCompany: tenant, createdBy: user, ...fields });
          else await vehicles.updateOne({ parentCompany: tenant, _id: counter._id }, { $inc: { odometer: 1 } });
          write.state = 'acknowledged';
        } catch {
          write.state = 'failed';
          return;
        }
      }
    }

    const writers = [writer('vehicle'), writer('vehicle'), writer('workOrder'), writer('increment')];
    const started = Date.now();
    while (acknowledged() < KILL_AT_ACKNOWLEDGED && Date.now() - started < KILL_AFTER_MS) await new Promise((resolve) => setTimeout(resolve, 5));
    const child = database.process;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    stopped = true;
    // What was in flight fails with the connection; nothing of it counts as acknowledged.
    await connection.close(true);
    await Promise.all(writers);
    const inFlight = writes.filter((w) => w.state !== 'acknowledged');

    database = await startFerretDB({ port, dir });
    connection = await connectDatabase(database.uri, DB);
    ({ vehicles, workOrders } = collections(connection));

    const storedVehicles = await vehicles.find({ parentCompany: tenant, _id: { $ne: counter._id } }).toArray();
    const storedOrders = await workOrders.find({ parentCompany: tenant }).toArray();
    const byMarker = new Map<string, Record<string, unknown>[]>();
    for (const doc of storedVehicles) byMarker.set(String(doc['unitNumber']), [...(byMarker.get(String(doc['unitNumber'])) ?? []), doc]);
    for (const doc of storedOrders) byMarker.set(String(doc['title']), [...(byMarker.get(String(doc['title'])) ?? []), doc]);

    const lost: string[] = [];
    const damaged: string[] = [];
    for (const write of writes.filter((w) => w.kind !== 'increment')) {
      const docs = byMarker.get(write.marker) ?? [];
      if (docs.length === 0) {
        if (write.state === 'acknowledged') lost.push(write.marker);
        continue;
      }
      if (docs.length > 1) damaged.push(`${write.marker}: stored ${docs.length} times`);
      for (const [key, value] of Object.entries(write.fields)) {
        const stored = docs[0]![key];
        if (JSON.stringify(normalise(stored)) !== JSON.stringify(normalise(value))) damaged.push(`${write.marker}.${key}: ${JSON.stringify(stored)?.slice(0, 80)}`);
      }
    }
    // Every stored document is one of the writes: nothing stored that was not sent whole.
    const sent = new Set(writes.map((w) => w.marker));
    for (const [marker, docs] of byMarker) if (!sent.has(marker)) damaged.push(`${marker}: ${docs.length} document(s) no write sent`);
    const increments = writes.filter((w) => w.kind === 'increment');
    const ackedIncrements = increments.filter((w) => w.state === 'acknowledged').length;
    const odometer = Number((await vehicles.findOne({ _id: counter._id }))?.['odometer']);
    const lostIncrements = Math.max(0, ackedIncrements - odometer);

    const ackedTotal = acknowledged();
    record('durability', { cases: writes.length, acknowledged: ackedTotal, lost: lost.length + lostIncrements, unexpected: damaged.length });
    console.log(
      `durability: ${writes.length} writes, ${ackedTotal} acknowledged before SIGKILL, ${inFlight.length} in flight (${inFlight.filter((w) => w.kind !== 'increment' && byMarker.has(w.marker)).length} of them stored anyway); ` +
        `counter ${odometer} for ${ackedIncrements} acknowledged of ${increments.length} increments; lost ${lost.length + lostIncrements}, damaged ${damaged.length}`,
    );
    expect(ackedTotal).toBeGreaterThan(0);
    expect(lost).toEqual([]);
    expect(lostIncrements, 'acknowledged $inc updates missing from the counter').toBe(0);
    expect(damaged).toEqual([]);
    expect(odometer).toBeLessThanOrEqual(increments.length);

    // And the database takes writes again.
    await vehicles.insertOne({ parentCompany: tenant, unitNumber: 'AFTER', vin: randomVin(), make: 'Volvo', model: 'VNL', year: 2022, createdBy: user });
    expect(await vehicles.countDocuments({ parentCompany: tenant, unitNumber: 'AFTER' })).toBe(1);
    await connection.close();
  });
});

/** Stored values as plain JSON (ObjectIds and dates as strings, no _id of sub-documents). */
function normalise(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof mongoose.Types.ObjectId) return value.toHexString();
  if (Array.isArray(value)) return value.map(normalise);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([key]) => key !== '_id')
        .map(([key, inner]) => [key, normalise(inner)]),
    );
  }
  return value;
}
