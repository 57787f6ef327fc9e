/** The real time as the worker's services read it; unit tests provide a fixed one under WALL_CLOCK. */
export type WallClock = () => Date;
export const WALL_CLOCK = 'WALL_CLOCK';
export const systemClock: WallClock = () => new Date();
