export * from './workflow-ids.js';
export * from './connection.js';
export * from './dev-server.js';
export * from './temporal-client.module.js';
export * from './search-attributes.js';
