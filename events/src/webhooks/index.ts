export * from './address-guard';
export * from './backoff';
export * from './dispatcher';
export * from './sender';
