/**
 * Who gets the next waiting conversation. Pure, so the rules are unit-tested without any runtime:
 * teams whose language/channel filters match the conversation narrow the candidates to their
 * members; among online agents with spare capacity those with a matching skill (the conversation's
 * language or channel) come first, then the least loaded wins, and equals take turns (the one
 * assigned longest ago goes first). A conversation queued for a named team ("sales") goes only to
 * that team's members and to agents with that skill; while none of them is free it waits.
 */
import { SALES_TEAM } from "../../workers/wire/inbox";

export interface Candidate {
  id: string;
  online: boolean;
  capacity: number;
  active: number;
  lastAssignedAt: number;
  /** Language codes and channel types this agent is best at. */
  skills?: string[];
}

export interface TeamFilter {
  /** The team's name; a conversation queued for a team names it. */
  name?: string;
  languages: string[];
  channels: string[];
  members: string[];
}

export interface WaitingItem {
  conversationId: string;
  language: string | null;
  channelType: string;
  /** Queued for this team (by name or skill) only. */
  team?: string | null;
}

const baseLang = (l: string) => l.toLowerCase().split(/[-_]/)[0];

export function teamMatches(team: TeamFilter, item: WaitingItem): boolean {
  const langOk =
    !team.languages.length ||
    (item.language !== null &&
      team.languages.some((l) => baseLang(l) === baseLang(item.language!)));
  const channelOk = !team.channels.length || team.channels.includes(item.channelType);
  return langOk && channelOk;
}

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Member ids allowed to take `item`, or null when no team claims it (anyone may). An item queued for
 * a named team is that team's members' and the skill's holders' (`agents`); when the tenant has
 * neither, anyone may take it.
 */
export function allowedAgents(
  item: WaitingItem,
  teams: TeamFilter[],
  agents: Pick<Candidate, "id" | "skills">[] = [],
): Set<string> | null {
  const team = item.team;
  if (team) {
    const named = teams.filter((t) => t.name && sameName(t.name, team)).flatMap((t) => t.members);
    const skilled = agents.filter((a) => a.skills?.some((s) => sameName(s, team))).map((a) => a.id);
    if (named.length || skilled.length) return new Set([...named, ...skilled]);
  }
  // A filter-less sales team takes the leads queued for it, not every conversation.
  const matching = teams.filter(
    (t) =>
      t.members.length &&
      teamMatches(t, item) &&
      !(t.name && sameName(t.name, SALES_TEAM) && !t.languages.length && !t.channels.length),
  );
  return matching.length ? new Set(matching.flatMap((t) => t.members)) : null;
}

/** 1 when one of the agent's skills is the conversation's language or channel. */
export function skillMatch(agent: Pick<Candidate, "skills">, item: WaitingItem): number {
  if (!agent.skills?.length) return 0;
  const lang = item.language ? baseLang(item.language) : null;
  return agent.skills.some((s) => s === item.channelType || (lang !== null && baseLang(s) === lang))
    ? 1
    : 0;
}

/** `roster`: every teammate who may be routed conversations, online or not (whose skills a team queue reads). */
export function pickAgent<T extends Candidate>(
  item: WaitingItem,
  agents: T[],
  teams: TeamFilter[],
  roster: Pick<Candidate, "id" | "skills">[] = agents,
): T | null {
  const allowed = allowedAgents(item, teams, roster);
  const free = agents.filter(
    (a) => a.online && a.active < a.capacity && (!allowed || allowed.has(a.id)),
  );
  free.sort(
    (a, b) =>
      skillMatch(b, item) - skillMatch(a, item) ||
      a.active - b.active ||
      a.lastAssignedAt - b.lastAssignedAt ||
      a.id.localeCompare(b.id),
  );
  return free[0] ?? null;
}
