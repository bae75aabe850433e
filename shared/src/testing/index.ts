export * from './database';
export * from './tenants';
