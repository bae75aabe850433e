import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Connection } from 'mongoose';
import { connectDatabase } from '../mongo/connect';
import { CommandProxy } from './command-proxy';

let proxy: CommandProxy;
let connection: Connection;

beforeAll(async () => {
  proxy = await CommandProxy.start(inject('mongodbUri'));
  connection = await connectDatabase(proxy.uri, 'test-command-proxy');
});

afterAll(async () => {
  await connection?.close();
  await proxy?.stop();
});

describe('CommandProxy', () => {
  it('records the commands of a client that knows nothing of it, by database, and passes the replies through', async () => {
    const things = connection.collection('things');
    const commands = proxy.commandsOn('test-command-proxy');
    commands.reset();
    await things.insertMany(Array.from({ length: 3 }, (_, i) => ({ i })));
    const found = await things.find({ i: { $gte: 1 } }).toArray();
    await things.countDocuments({});
    expect(found.map((doc) => doc['i'])).toEqual([1, 2]);
    expect(commands.commands).toEqual([
      { name: 'insert', collection: 'things' },
      { name: 'find', collection: 'things' },
      { name: 'aggregate', collection: 'things' },
    ]);
    expect(commands.count('find', 'things')).toBe(1);
    expect(proxy.commandsOn('another-database').commands).toEqual([]);
    commands.reset();
    expect(commands.commands).toEqual([]);
  });
});
