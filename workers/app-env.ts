import type { Db } from "./db/client";
import type { Role } from "./db/schema";

/** Who is calling: a signed-in user or an API key, always bound to exactly one tenant. */
export interface Auth {
  tenantId: string;
  role: Role;
  userId: string | null;
  apiKeyId: string | null;
  email: string | null;
  /** The session (SHA-256 of its cookie) a signed-in user called with; absent for API keys. */
  sessionId?: string | null;
}

export interface AppEnv {
  Bindings: Env;
  Variables: { requestId: string; db: Db; auth: Auth | null };
}
