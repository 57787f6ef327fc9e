import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/client';

interface Loaded<T> {
  key: string;
  tick: number;
  data?: T;
  error?: ApiError;
}

/**
 * Reads from the API when `key` changes (and on `reload`): the last answer, its error, and whether the answer
 * shown is for the current key. The state is set only in the promise's callbacks, after the effect has run, and an
 * answer for a key no longer current is dropped.
 */
export function useApi<T>(key: string, fetcher: () => Promise<T>) {
  const [loaded, setLoaded] = useState<Loaded<T> | null>(null);
  const [tick, setTick] = useState(0);
  const latest = useRef(fetcher);
  useEffect(() => {
    latest.current = fetcher;
  });
  useEffect(() => {
    let live = true;
    latest.current().then(
      (data) => live && setLoaded({ key, tick, data }),
      (e: unknown) =>
        live && setLoaded({ key, tick, error: e instanceof ApiError ? e : new ApiError(0, { code: 'CLIENT', message: String(e) }) }),
    );
    return () => {
      live = false;
    };
  }, [key, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return {
    data: loaded?.data,
    error: loaded?.error ?? null,
    loading: !loaded || loaded.key !== key || loaded.tick !== tick,
    reload,
  };
}
