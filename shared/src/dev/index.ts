// Development and test tooling, kept out of the services' runtime path: the embedded database's
// launcher (start, stop, its data folders, free ports) and the database-command counter the
// batching tests and the benchmark read, and the `main` of the subgraphs' seeds and bulk inserts. Imported as
// `@attunelogic/shared/dev`.
export * from '../mongo/embedded';
export * from '../mongo/command-counter';
export * from './seed-command';
export * from './bulk-insert';
export * from './command-proxy';
export * from './service-process';
export * from './redis-server';
