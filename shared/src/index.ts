// What every service shares at run time: the tenant and its context (tenancy), the signed internal
// context, loaders, pagination, environment config, logging, HTTP, feature guards, permissions,
// audit, the service runner, the clock, text helpers and money in integer cents. The rest has its own entry point:
// `/errors`, `/mongo`, `/subgraph`, `/tenancy`, `/testing`, `/dev`, `/env-file`, `/telemetry`.
export * from './tenancy/index';
export * from './internal-context';
export * from './replay-store';
export * from './loaders';
export * from './pagination';
export * from './projection';
export * from './config';
export * from './logger';
export * from './http';
export * from './guards';
export * from './clock';
export * from './seeding';
export * from './permissions';
export * from './audit/index';
export * from './run-service';
export * from './telemetry';
export * from './text';
export * from './work';
export * from './concurrency';
export * from './money';
