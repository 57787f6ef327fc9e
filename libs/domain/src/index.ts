export * from './errors.js';
export * from './clock.js';
export * from './local-date.js';
export * from './status.js';
export * from './step-rules.js';
export * from './plan.js';
export * from './plan-file.js';
export * from './step-transition.js';
