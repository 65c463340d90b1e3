/**
 * Who gets the next waiting conversation. Pure, so the rules are unit-tested without any runtime:
 * teams whose language/channel filters match the conversation narrow the candidates to their
 * members; among online agents with spare capacity those with a matching skill (the conversation's
 * language or channel) come first, then the least loaded wins, and equals take turns (the one
 * assigned longest ago goes first).
 */
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
  languages: string[];
  channels: string[];
  members: string[];
}

export interface WaitingItem {
  conversationId: string;
  language: string | null;
  channelType: string;
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

/** Member ids allowed to take `item`, or null when no team claims it (anyone may). */
export function allowedAgents(item: WaitingItem, teams: TeamFilter[]): Set<string> | null {
  const matching = teams.filter((t) => t.members.length && teamMatches(t, item));
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

export function pickAgent<T extends Candidate>(
  item: WaitingItem,
  agents: T[],
  teams: TeamFilter[],
): T | null {
  const allowed = allowedAgents(item, teams);
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
