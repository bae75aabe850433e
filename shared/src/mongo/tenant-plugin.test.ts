import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import mongoose, { type Connection } from 'mongoose';
import { connectDatabase } from './connect';
import { tenantPlugin, UnscopedQueryError, type TenantOwned } from './tenant-plugin';

interface Widget extends TenantOwned {
  name: string;
  qty: number;
}

let connection: Connection;
let Widget: mongoose.Model<Widget>;
const tenantA = new mongoose.Types.ObjectId();
const tenantB = new mongoose.Types.ObjectId();

beforeAll(async () => {
  connection = await connectDatabase(inject('mongodbUri'), 'test-shared');
  const schema = new mongoose.Schema<Widget>({ name: { type: String, required: true }, qty: { type: Number, default: 0 } });
  schema.plugin(tenantPlugin);
  Widget = connection.model<Widget>('Widget', schema);
  await Widget.create([
    { parentCompany: tenantA, name: 'a1', qty: 1 },
    { parentCompany: tenantA, name: 'a2', qty: 2 },
    { parentCompany: tenantB, name: 'b1', qty: 3 },
  ]);
});

afterAll(async () => {
  await connection?.close();
});

describe('tenant plugin', () => {
  it('adds a required, immutable parentCompany', async () => {
    await expect(Widget.create({ name: 'orphan' })).rejects.toThrow(/parentCompany/);
    const doc = await Widget.findOne({ parentCompany: tenantA, name: 'a1' });
    expect(doc).not.toBeNull();
    doc!.set('parentCompany', tenantB);
    expect(String(doc!.get('parentCompany'))).toBe(String(tenantA));
  });

  it.each([
    ['find', () => Widget.find({ name: 'a1' })],
    ['findOne', () => Widget.findOne({})],
    ['countDocuments', () => Widget.countDocuments({})],
    ['estimatedDocumentCount', () => Widget.estimatedDocumentCount()],
    ['distinct', () => Widget.distinct('name')],
    ['updateOne', () => Widget.updateOne({ name: 'a1' }, { $set: { qty: 9 } })],
    ['updateMany', () => Widget.updateMany({}, { $set: { qty: 9 } })],
    ['findOneAndUpdate', () => Widget.findOneAndUpdate({ name: 'a1' }, { $set: { qty: 9 } })],
    ['deleteOne', () => Widget.deleteOne({ name: 'a1' })],
    ['deleteMany', () => Widget.deleteMany({})],
    ['findOneAndDelete', () => Widget.findOneAndDelete({ name: 'a1' })],
    ['aggregate', () => Widget.aggregate([{ $group: { _id: null, n: { $sum: 1 } } }])],
    ['aggregate with a late $match', () => Widget.aggregate([{ $sort: { name: 1 } }, { $match: { parentCompany: tenantA } }])],
    ['bulkWrite', () => Widget.bulkWrite([{ deleteMany: { filter: { name: 'a1' } } }])],
  ])('throws on an unscoped %s', async (_name, run) => {
    await expect(run()).rejects.toBeInstanceOf(UnscopedQueryError);
  });

  it('refuses a tenant filter that is an operator widening the scope', async () => {
    await expect(Widget.find({ parentCompany: mongoose.trusted({ $ne: tenantA }) })).rejects.toBeInstanceOf(UnscopedQueryError);
    await expect(Widget.find({ parentCompany: mongoose.trusted({ $exists: true }) })).rejects.toBeInstanceOf(UnscopedQueryError);
  });

  it('refuses an update that moves a document to another tenant', async () => {
    await expect(Widget.updateOne({ parentCompany: tenantA, name: 'a1' }, { $set: { parentCompany: tenantB } })).rejects.toBeInstanceOf(UnscopedQueryError);
    expect(await Widget.countDocuments({ parentCompany: tenantA, name: 'a1' })).toBe(1);
  });

  it('nothing was changed by the refused operations', async () => {
    expect(await Widget.countDocuments({ parentCompany: tenantA })).toBe(2);
    expect(await Widget.countDocuments({ parentCompany: tenantB })).toBe(1);
    const a1 = await Widget.findOne({ parentCompany: tenantA, name: 'a1' }).lean();
    expect(a1?.qty).toBe(1);
  });

  it('lets scoped operations through and keeps them within the tenant', async () => {
    expect(await Widget.find({ parentCompany: tenantA }).lean()).toHaveLength(2);
    expect(await Widget.countDocuments({ parentCompany: tenantB })).toBe(1);
    const [group] = await Widget.aggregate<{ total: number }>([{ $match: { parentCompany: tenantA } }, { $group: { _id: null, total: { $sum: '$qty' } } }]);
    expect(group?.total).toBe(3);
    const res = await Widget.updateMany({ parentCompany: tenantB }, { $inc: { qty: 1 } });
    expect(res.modifiedCount).toBe(1);
    expect((await Widget.findOne({ parentCompany: tenantA, name: 'a2' }).lean())?.qty).toBe(2);
  });

  it('neutralises a client-shaped operator object in a filter (sanitizeFilter)', async () => {
    // Wrapped in $eq by sanitizeFilter, the object is then no string: a cast error, never a match-all.
    const hostile = JSON.parse('{"$ne": "nobody"}') as string;
    await expect(Widget.find({ parentCompany: tenantA, name: hostile }).lean()).rejects.toBeInstanceOf(mongoose.Error.CastError);
  });

  it('throws on an unknown filter key instead of dropping it (strictQuery)', async () => {
    await expect(Widget.find({ parentCompany: tenantA, nmae: 'a1' } as never)).rejects.toThrow(/strictQuery|not in schema/);
  });
});
