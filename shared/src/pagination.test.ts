import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildSchema, graphql } from 'graphql';
import mongoose, { type Connection } from 'mongoose';
import { CommandCounter } from './mongo/command-counter';
import { connectDatabase } from './mongo/connect';
import { tenantPlugin, type TenantOwned } from './mongo/tenant-plugin';
import { paginate } from './pagination';
import { makeTenantContext } from './testing/tenants';

interface Item extends TenantOwned {
  n: number;
}

let connection: Connection;
let Item: mongoose.Model<Item>;
const tenant = makeTenantContext();
const other = makeTenantContext();
const ids: mongoose.Types.ObjectId[] = [];

beforeAll(async () => {
  connection = await connectDatabase(inject('mongodbUri'), 'test-shared-pagination', { monitorCommands: true });
  const schema = new mongoose.Schema<Item>({ n: { type: Number, required: true } });
  schema.plugin(tenantPlugin);
  Item = connection.model<Item>('Item', schema);
  for (let n = 1; n <= 6; n++) {
    const [own] = await Item.create([{ parentCompany: tenant.tenantId, n }]);
    ids.push(own!._id);
    await Item.create([{ parentCompany: other.tenantId, n }]);
  }
});

afterAll(async () => {
  await connection?.close();
});

const numbers = (page: { edges: { node: { n: number } }[] }) => page.edges.map((e) => e.node.n);

describe('paginate', () => {
  it("pages a tenant's documents newest first, with the count of all of them", async () => {
    const first = await paginate(Item, tenant, {}, { first: 4 });
    expect(numbers(first)).toEqual([6, 5, 4, 3]);
    expect(await first.totalCount()).toBe(6);
    const second = await paginate(Item, tenant, {}, { first: 4, after: first.pageInfo.endCursor });
    expect(numbers(second)).toEqual([2, 1]);
    expect(second.pageInfo).toEqual({ hasNextPage: false, endCursor: second.edges.at(-1)!.cursor });
  });

  it("keeps the caller's own _id condition on later pages", async () => {
    const chosen = { _id: mongoose.trusted({ $in: [ids[0], ids[2], ids[4]] }) };
    const first = await paginate(Item, tenant, chosen, { first: 2 });
    expect(numbers(first)).toEqual([5, 3]);
    const second = await paginate(Item, tenant, chosen, { first: 2, after: first.pageInfo.endCursor });
    expect(numbers(second)).toEqual([1]);
    const viaAnd = await paginate(Item, tenant, { $and: [chosen] }, { first: 2, after: first.pageInfo.endCursor });
    expect(numbers(viaAnd)).toEqual([1]);
  });

  it('refuses a cursor that is not one of ours and a page size out of range', async () => {
    await expect(paginate(Item, tenant, {}, { after: 'not-a-cursor' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(paginate(Item, tenant, {}, { first: 101 })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('counts only when totalCount is selected, once however often it is selected', async () => {
    const schema = buildSchema(`
      type Item { n: Int! }
      type ItemEdge { cursor: String! node: Item! }
      type PageInfo { hasNextPage: Boolean! endCursor: String }
      type ItemConnection { edges: [ItemEdge!]! pageInfo: PageInfo! totalCount: Int! }
      type Query { items(first: Int): ItemConnection! }
    `);
    const rootValue = { items: (args: { first?: number }) => paginate(Item, tenant, {}, args) };
    const counter = new CommandCounter(connection);
    try {
      const withoutCount = await graphql({ schema, rootValue, source: '{ items(first: 2) { edges { node { n } } pageInfo { hasNextPage } } }' });
      expect(withoutCount).toEqual({ data: { items: { edges: [{ node: { n: 6 } }, { node: { n: 5 } }], pageInfo: { hasNextPage: true } } } });
      expect(counter.commands).toEqual([{ name: 'find', collection: 'items' }]);

      counter.reset();
      const withCount = await graphql({ schema, rootValue, source: '{ items(first: 2) { totalCount again: totalCount edges { node { n } } } }' });
      expect(withCount).toEqual({ data: { items: { totalCount: 6, again: 6, edges: [{ node: { n: 6 } }, { node: { n: 5 } }] } } });
      expect(counter.commands.filter((c) => c.name === 'find')).toHaveLength(1);
      expect(
        counter.commands.filter((c) => c.name !== 'find'),
        'one count command',
      ).toHaveLength(1);
    } finally {
      counter.stop();
    }
  });
});
