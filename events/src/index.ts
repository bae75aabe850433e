export * from './relay';
export * from './event-log';
export * from './env';
