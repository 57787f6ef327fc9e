export default async function globalTeardown() {
  for (const stop of (globalThis.__dondocStops ?? []).reverse()) await stop();
}
