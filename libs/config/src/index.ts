export * from './env-schema.js';
export * from './config.js';
export * from './provision-error.js';
export * from './database-login.js';
export * from './config.module.js';
export * from './project-root.js';
export * from './launcher-gate.js';
