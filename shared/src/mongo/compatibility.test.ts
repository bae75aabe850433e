// Proves the pinned driver versions against the server the tests run on (the embedded FerretDB by
// default): every database feature the project relies on is exercised here once.
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import mongoose, { type Connection } from 'mongoose';
import { isDuplicateKey } from '../errors/mapper';
import { connectDatabase } from './connect';
import { tenantPlugin, type TenantOwned } from './tenant-plugin';

const require = createRequire(import.meta.url);
const PINNED = { mongoose: '9.12.1', mongodb: '7.8.0' };

interface Stock extends TenantOwned {
  sku: string;
  qty: number;
  kind?: string;
}

let connection: Connection;
let Stock: mongoose.Model<Stock>;
const tenant = new mongoose.Types.ObjectId();

beforeAll(async () => {
  connection = await connectDatabase(inject('mongodbUri'), 'test-compat');
  const schema = new mongoose.Schema<Stock>({ sku: { type: String, required: true }, qty: { type: Number, required: true }, kind: String });
  schema.plugin(tenantPlugin);
  schema.index({ parentCompany: 1, sku: 1 }, { unique: true });
  Stock = connection.model<Stock>('Stock', schema);
  await Stock.init();
});

afterAll(async () => {
  await connection?.close();
});

describe('driver and server compatibility', () => {
  it('runs the pinned mongoose and mongodb driver', async () => {
    const versions = { mongoose: mongoose.version, mongodb: (require('mongodb/package.json') as { version: string }).version };
    const info = await connection.db!.admin().command({ buildInfo: 1 });
    console.log(`mongoose ${versions.mongoose}, mongodb driver ${versions.mongodb}, server ${String(info['version'])}${info['ferretdb'] ? ' (FerretDB)' : ''}`);
    expect(versions).toEqual(PINNED);
  });

  it('enforces a unique compound index led by parentCompany (duplicate key 11000)', async () => {
    await Stock.create({ parentCompany: tenant, sku: 'U-1', qty: 1 });
    await expect(Stock.create({ parentCompany: tenant, sku: 'U-1', qty: 2 })).rejects.toMatchObject({ code: 11000 });
    // The same SKU in another tenant is fine: uniqueness is per tenant.
    await expect(Stock.create({ parentCompany: new mongoose.Types.ObjectId(), sku: 'U-1', qty: 3 })).resolves.toBeTruthy();
  });

  it('reports a unique index violated by an update as a duplicate key (the mapper turns it into CONFLICT)', async () => {
    await Stock.create({ parentCompany: tenant, sku: 'U-2', qty: 1 });
    const moved = await Stock.create({ parentCompany: tenant, sku: 'U-3', qty: 1 });
    const error: unknown = await Stock.updateOne({ parentCompany: tenant, _id: moved._id }, { $set: { sku: 'U-2' } }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).not.toBeNull();
    expect(isDuplicateKey(error), String(error)).toBe(true);
    expect((await Stock.findOne({ parentCompany: tenant, _id: moved._id }).lean())?.sku).toBe('U-3');
  });

  it('applies a guarded atomic decrement and refuses it when the guard fails', async () => {
    const doc = await Stock.create({ parentCompany: tenant, sku: 'G-1', qty: 5 });
    const take = (n: number) =>
      Stock.findOneAndUpdate({ parentCompany: tenant, _id: doc._id, qty: mongoose.trusted({ $gte: n }) }, { $inc: { qty: -n } }, { returnDocument: 'after' }).lean();
    expect((await take(3))?.qty).toBe(2);
    expect(await take(3)).toBeNull();
    expect((await Stock.findOne({ parentCompany: tenant, _id: doc._id }).lean())?.qty).toBe(2);
  });

  // FerretDB alone fails these two (it updates by read-then-write); tools/ferretdb/proxy.go mends it.
  it('keeps concurrent guarded decrements exact (no lost update, never below zero)', async () => {
    const doc = await Stock.create({ parentCompany: tenant, sku: 'C-1', qty: 10 });
    const results = await Promise.all(
      Array.from({ length: 25 }, () =>
        Stock.findOneAndUpdate({ parentCompany: tenant, _id: doc._id, qty: mongoose.trusted({ $gte: 1 }) }, { $inc: { qty: -1 } }, { returnDocument: 'after' }).lean(),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(10);
    expect((await Stock.findOne({ parentCompany: tenant, _id: doc._id }).lean())?.qty).toBe(0);
  });

  it('supports an upserted counter with $inc (sequence numbers)', async () => {
    const counters = connection.collection('counters');
    const next = async () =>
      (await counters.findOneAndUpdate({ parentCompany: tenant, name: 'seq' }, { $inc: { value: 1 } }, { upsert: true, returnDocument: 'after' }))?.['value'];
    const values = await Promise.all(Array.from({ length: 20 }, next));
    expect(new Set(values).size).toBe(20);
    expect(Math.max(...(values as number[]))).toBe(20);
  });

  it('runs the simple aggregation stages the project uses', async () => {
    await Stock.create([
      { parentCompany: tenant, sku: 'A-1', qty: 4, kind: 'x' },
      { parentCompany: tenant, sku: 'A-2', qty: 6, kind: 'x' },
      { parentCompany: tenant, sku: 'A-3', qty: 1, kind: 'y' },
    ]);
    // One accumulator per $group: FerretDB 1.24 computes only the first and returns 0 for the rest.
    const match = { $match: { parentCompany: tenant, sku: mongoose.trusted({ $in: ['A-1', 'A-2', 'A-3'] }) } };
    const totals = await Stock.aggregate<{ _id: string; total: number }>([
      match,
      { $project: { qty: 1, kind: 1 } },
      { $group: { _id: '$kind', total: { $sum: '$qty' } } },
      { $sort: { total: -1 } },
      { $limit: 5 },
    ]);
    expect(totals).toEqual([
      { _id: 'x', total: 10 },
      { _id: 'y', total: 1 },
    ]);
    const counts = await Stock.aggregate<{ _id: string; n: number }>([match, { $group: { _id: '$kind', n: { $count: {} } } }, { $sort: { _id: 1 } }]);
    expect(counts).toEqual([
      { _id: 'x', n: 2 },
      { _id: 'y', n: 1 },
    ]);
  });

  it('sorts, limits and pages by _id with lean documents', async () => {
    const other = new mongoose.Types.ObjectId();
    await Stock.create(Array.from({ length: 5 }, (_, i) => ({ parentCompany: other, sku: `P-${i}`, qty: i })));
    const page = await Stock.find({ parentCompany: other }).sort({ _id: -1 }).limit(3).lean();
    expect(page.map((d) => d.sku)).toEqual(['P-4', 'P-3', 'P-2']);
    const rest = await Stock.find({ parentCompany: other, _id: mongoose.trusted({ $lt: page[2]!._id }) })
      .sort({ _id: -1 })
      .lean();
    expect(rest.map((d) => d.sku)).toEqual(['P-1', 'P-0']);
    expect(await Stock.countDocuments({ parentCompany: other })).toBe(5);
  });
});
