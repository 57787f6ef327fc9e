import { createContext, useCallback, useContext, type ReactNode } from 'react';
import { api, ApiError, call, setCsrfToken, type Me } from '../api/client';
import { useApi } from '../lib/useApi';

interface Session {
  me: Me | null;
  error: ApiError | null;
  loading: boolean;
  /** Reads /api/v1/me again (the counters after an action). */
  refresh: () => void;
}

const SessionContext = createContext<Session>({ me: null, error: null, loading: true, refresh: () => undefined });

const readMe = async () => {
  const me = await call(api.GET('/api/v1/me'));
  setCsrfToken(me.csrfToken);
  return me;
};

/** Who is signed in, read from GET /api/v1/me (again on `refresh`); its CSRF token goes to the client. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const { data, error, loading, reload } = useApi('me', readMe);
  const refresh = useCallback(() => reload(), [reload]);
  // Loading again after an action keeps the shell on screen: only the first load shows the spinner.
  return (
    <SessionContext.Provider value={{ me: data ?? null, error, loading: loading && !data && !error, refresh }}>
      {children}
    </SessionContext.Provider>
  );
}

export const useSession = () => useContext(SessionContext);
