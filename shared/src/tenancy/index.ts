// Tenancy: who a tenant and its users are, as every service reads them. The tenant context of a
// request, the feature flags, each tenant's configuration (schema, industry defaults, merge), the
// gateway's cached directory of tenants and users, the industry subgraphs' read-only view of core's
// users, and the directory's records with their provisioning (the seed, `pnpm tenant`, the system
// tests). Core serves the records over GraphQL; everyone else reads them through this package.
export * from '../tenant';
export * from '../features';
export * from './configuration/index';
export * from './directory';
export * from './core-users';
export * from './records';
export * from './api-clients';
export * from './plans';
export * from './provisioning';
export * from './placement';
