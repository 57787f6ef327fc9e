/**
 * JSON text of a value with every object's keys sorted: the same for two values that say the same whatever the order
 * of their keys. A plan read back from PostgreSQL's jsonb comes with its keys in jsonb's order (shorter keys first),
 * not the file's, so comparing JSON.stringify of the two says "differs" for the same plan.
 */
export const canonicalJson = (v: unknown): string =>
  JSON.stringify(v, (_, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : x,
  );

/** Whether a stored plan and a plan file's say the same (key order aside; a value left undefined counts as absent, as in JSON). */
export const samePlan = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);
