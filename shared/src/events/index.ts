export * from './catalogue';
export * from './outbox';
export * from './deliveries';
