export * from './step.contracts.js';
export * from './plan-run.contracts.js';
export * from './digest.contracts.js';
export * from './step-workflow-input.js';
export * from './app-paths.js';
export * from './search-attributes.js';
