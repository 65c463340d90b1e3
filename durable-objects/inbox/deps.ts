/** What InboxDO needs from the rest of the Worker, as one object (built in `workers/wiring.ts`). */
import type { ConsoleRole } from "../../workers/wire/socket-identity";
import type { TeamFilter } from "./routing";

export interface RosterMember {
  /** The name shoppers see. */
  name: string;
  capacity: number;
  /** May be routed conversations (active, and more than a viewer). */
  active: boolean;
  skills: string[];
  /** The current role, null when disabled. */
  access: ConsoleRole | null;
}

/** The tenant's teams and teammates as routing sees them. */
export interface Roster {
  teams: TeamFilter[];
  users: Map<string, RosterMember>;
}

export interface InboxDeps {
  /** Reads the roster afresh (the object caches it for a few seconds). */
  roster(tenantId: string): Promise<Roster>;
}
