import { useCallback, useEffect, useState } from "preact/hooks";
import type { Me, Role } from "./api-types";
import { auth } from "./api";
import { ApiFailure, onUnauthenticated } from "./http";

const RANK: Record<Role, number> = { viewer: 0, agent: 1, admin: 2, owner: 3 };

/** Same ranking as the Worker's requireRole; the UI hides what the server would refuse. */
export const hasRole = (role: Role | undefined, min: Role): boolean =>
  !!role && RANK[role] >= RANK[min];

export interface SessionState {
  me: Me | null;
  loading: boolean;
  error: unknown;
  refresh(): Promise<void>;
  signOut(): Promise<void>;
}

/** The signed-in caller from GET /api/me; null when signed out (any 401 later also signs out). */
export function useSession(): SessionState {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const refresh = useCallback(async () => {
    setLoading(true);
    try {
      setMe(await auth.me());
      setError(null);
    } catch (e) {
      setMe(null);
      if (!(e instanceof ApiFailure && e.status === 401)) setError(e);
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    void refresh();
    return onUnauthenticated(() => setMe(null));
  }, []);
  const signOut = useCallback(async () => {
    await auth.logout().catch(() => undefined);
    setMe(null);
  }, []);
  return { me, loading, error, refresh, signOut };
}

/** Where the dashboard's sign-in page sends people back to (only same-origin paths). */
export function safeNext(next: string | null): string | null {
  return next && /^\/(app|console)\//.test(next) && !next.includes("//", 1) ? next : null;
}
