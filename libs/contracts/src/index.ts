export * from './step.contracts.js';
