export * from './config';
export * from './content';
export * from './documents';
export * from './http';
export * from './links';
export * from './storage';
export * from './fixtures';
export * from './sweep';
