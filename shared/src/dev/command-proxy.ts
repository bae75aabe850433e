import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import mongoose from 'mongoose';
import { HOUSEKEEPING } from '../mongo/command-counter';

/** The wire protocol's OP_MSG, the message every command of a current driver travels in. */
const OP_MSG = 2013;
const CHECKSUM_PRESENT = 1;

/** The commands recorded for one database, with `CommandCounter`'s reading methods. */
export class ProxiedCommands {
  readonly commands: { name: string; collection: string }[] = [];

  reset(): void {
    this.commands.length = 0;
  }

  /** How many `name` commands went to `collection`. */
  count(name: string, collection: string): number {
    return this.commands.filter((c) => c.name === name && c.collection === collection).length;
  }
}

/**
 * A TCP proxy in front of the database server that records every command passing through it, by
 * database: how the bench and the system tests count what a request costs a service that runs in
 * a process of its own (given `uri` instead of the server's). A command is recorded when it reaches
 * the proxy, so before its reply and before the service answers the request that caused it.
 */
export class CommandProxy {
  readonly #byDatabase = new Map<string, ProxiedCommands>();
  readonly #sockets = new Set<Socket>();

  private constructor(
    readonly uri: string,
    private readonly server: Server,
  ) {}

  /** Starts a proxy to the server of `target` (a `mongodb://host:port/` URI) on a free loopback port. */
  static async start(target: string): Promise<CommandProxy> {
    const { hostname, port } = new URL(target);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    // No client knows the port before this returns, so none connects before the handler is on.
    const proxy = new CommandProxy(`mongodb://127.0.0.1:${(server.address() as AddressInfo).port}/`, server);
    server.on('connection', (client) => proxy.accept(client, hostname, Number(port || 27017)));
    return proxy;
  }

  /** The commands sent to database `db` (created empty on first use). */
  commandsOn(db: string): ProxiedCommands {
    return this.#byDatabase.get(db) ?? this.#byDatabase.set(db, new ProxiedCommands()).get(db)!;
  }

  async stop(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket, host: string, port: number): void {
    const upstream = createConnection({ host, port });
    for (const socket of [client, upstream]) {
      this.#sockets.add(socket);
      socket.once('close', () => this.#sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    upstream.pipe(client);
    let pending: Buffer = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (pending.length >= 4 && pending.length >= pending.readInt32LE(0)) {
        const length = pending.readInt32LE(0);
        this.record(pending.subarray(0, length));
        pending = pending.subarray(length);
      }
      upstream.write(chunk);
    });
    client.on('end', () => upstream.end());
  }

  /** Records the command of one message (the body section of an OP_MSG); other messages pass unread. */
  private record(message: Buffer): void {
    if (message.readInt32LE(12) !== OP_MSG) return;
    const end = message.length - (message.readUInt32LE(16) & CHECKSUM_PRESENT ? 4 : 0);
    for (let offset = 20; offset < end;) {
      const size = message.readInt32LE(offset + 1);
      if (message[offset] === 0) {
        const body = mongoose.mongo.BSON.deserialize(message.subarray(offset + 1, offset + 1 + size), { promoteValues: false });
        const name = Object.keys(body)[0] ?? '';
        if (HOUSEKEEPING.has(name)) return;
        const collection = body[name];
        this.commandsOn(String(body['$db'] ?? '')).commands.push({ name, collection: typeof collection === 'string' ? collection : '' });
        return;
      }
      offset += 1 + size;
    }
  }
}
