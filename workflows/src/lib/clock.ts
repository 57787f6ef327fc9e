// The one place workflow code reads time. Inside a workflow Date.now() is the deterministic workflow clock.
export const nowMs = (): number => Date.now();
