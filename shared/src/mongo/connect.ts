import mongoose, { type Connection } from 'mongoose';

// Defence in depth for every connection of the process: unknown filter keys throw instead of being
// silently dropped (which would widen a query), and client-shaped `$` objects in filters are
// neutralised unless the code marks them with `mongoose.trusted()`.
mongoose.set('strictQuery', 'throw');
mongoose.set('sanitizeFilter', true);
mongoose.set('autoIndex', true);

/** Opens one connection to the service's own database on the server named by `uri`. */
export async function connectDatabase(uri: string, dbName: string, options: { monitorCommands?: boolean } = {}): Promise<Connection> {
  const connection = mongoose.createConnection(uri, {
    dbName,
    // Command monitoring lets tests and benchmarks count the database commands of a request.
    monitorCommands: options.monitorCommands ?? false,
    serverSelectionTimeoutMS: 5_000,
    maxPoolSize: 20,
    // FerretDB does not implement retryable writes; with MongoDB they stay available by URI option.
    retryWrites: false,
  });
  await connection.asPromise();
  return connection;
}

/** True when the server answers a ping within the driver's selection timeout. */
export async function pingDatabase(connection: Connection): Promise<boolean> {
  try {
    await connection.db?.admin().command({ ping: 1 });
    return connection.db !== undefined;
  } catch {
    return false;
  }
}

export { mongoose };
