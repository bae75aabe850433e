export * from './audit.model';
export * from './audit-chain';
export * from './audit-trail';
export * from './audit-plugin';
