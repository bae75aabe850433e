// The database: one connection per service database, the tenant plugin that makes every query of
// tenant-owned data name its tenant, the tenant scope of a filter, client ids, the tenant's number sequences. Imported as
// `@attunelogic/shared/mongo` (the launcher and the command counter are development tools:
// `@attunelogic/shared/dev`).
export * from './tenant-plugin';
export * from './connect';
export * from './ids';
export * from './scope';
export * from './counters';
