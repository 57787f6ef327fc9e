export * from './templates.js';
export * from './transport.js';
export * from './mime.js';
export * from './calendar.js';
export * from './catcher.js';
export * from './message-id.js';
export * from './mail.module.js';
