export * from './criteria-set.js';
export * from './criteria-file.js';
export * from './registry.js';
export * from './scoring.js';
export * from './coverage.js';
export { QD_06_2019 } from './criteria/qd-06-2019.js';
