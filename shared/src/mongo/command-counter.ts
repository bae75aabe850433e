import { type Connection } from 'mongoose';

/** Commands of the driver's own housekeeping, not of a request. */
export const HOUSEKEEPING = new Set(['hello', 'isMaster', 'ismaster', 'ping', 'endSessions', 'saslStart', 'saslContinue', 'buildInfo', 'killCursors']);

/**
 * Records the database commands sent on one connection (MongoDB command monitoring: the connection
 * must be opened with `monitorCommands: true`), by name and collection, without the driver's own
 * housekeeping. Tests and the bench count what a request costs with it.
 */
export class CommandCounter {
  readonly commands: { name: string; collection: string }[] = [];
  readonly #connection: Connection;
  readonly #listener = (event: { commandName: string; command: Record<string, unknown> }) => {
    if (HOUSEKEEPING.has(event.commandName)) return;
    const collection = event.command[event.commandName];
    this.commands.push({ name: event.commandName, collection: typeof collection === 'string' ? collection : '' });
  };

  constructor(connection: Connection) {
    this.#connection = connection;
    connection.getClient().on('commandStarted', this.#listener);
  }

  reset(): void {
    this.commands.length = 0;
  }

  /** How many `name` commands went to `collection`. */
  count(name: string, collection: string): number {
    return this.commands.filter((c) => c.name === name && c.collection === collection).length;
  }

  /** Stops recording. */
  stop(): void {
    this.#connection.getClient().off('commandStarted', this.#listener);
  }
}
