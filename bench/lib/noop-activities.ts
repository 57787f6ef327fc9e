/** The no-op workflow's one activity: returns at once. */
export const noopActivities = { noop: async (i: number): Promise<number> => i };
export type NoopActivities = typeof noopActivities;
