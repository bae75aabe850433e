// A tenant's data portability: the export of everything it has into one archive, the import of an
// archive into an empty tenant, the erasure of a tenant and the sweep that proves it
// (docs/PORTABILITY.md). Imported as `@attunelogic/shared/portability`; core's `pnpm tenant` and
// its `exportTenantData` mutation run it.
export * from './databases';
export * from './manifest';
export * from './canonical';
export * from './scope';
export * from './export';
export * from './import';
export * from './erase';
export { readArchive } from './archive';
export { TENANT_EXPORTS_COLLECTION } from './rules';
