// The figures moved to the API (apps/api/src/plans/figures.ts); the server-rendered pages read them from there.
export * from '../plans/figures.js';
