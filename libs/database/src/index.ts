export * from './data-source.js';
export * from './entities/index.js';
export * from './repositories/plan.repository.js';
export * from './repositories/step.repository.js';
export * from './repositories/role.repository.js';
export * from './repositories/outbox.repository.js';
export * from './provision.js';
export * from './audit-chain.js';
