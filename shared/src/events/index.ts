export * from './catalogue';
export * from './outbox';
export * from './deliveries';
export * from './log';
export * from './visibility';
export * from './schemas';
export * from './secrets';
