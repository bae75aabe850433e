export * from './address-guard';
export * from './backoff';
export * from './sender';
