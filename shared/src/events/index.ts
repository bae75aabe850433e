export * from './catalogue';
export * from './outbox';
export * from './log';
export * from './visibility';
