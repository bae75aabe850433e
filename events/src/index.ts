export * from './relay';
export * from './event-log';
export * from './env';
export * from './metrics';
export * from './webhooks';
