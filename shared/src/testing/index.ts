export * from '../mongo/embedded';
export * from './tenants';
export * from './execute';
export type {} from './global-setup';
export * from './harness';
export * from './over-http';
