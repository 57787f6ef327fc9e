export * from './templates.js';
export * from './transport.js';
export * from './catcher.js';
export * from './project-root.js';
