import { describe, expect, it } from "vitest";
import { allowedAgents, pickAgent, skillMatch, type Candidate, type TeamFilter } from "./routing";

const agent = (id: string, active: number, over: Partial<Candidate> = {}): Candidate => ({
  id,
  online: true,
  capacity: 3,
  active,
  lastAssignedAt: 0,
  ...over,
});
const item = { conversationId: "c1", language: "de", channelType: "whatsapp" };

describe("inbox routing", () => {
  it("should pick the least-loaded online agent with spare capacity", () => {
    const agents = [
      agent("a", 2),
      agent("b", 1),
      agent("c", 0, { online: false }),
      agent("d", 0, { capacity: 0 }),
    ];
    expect(pickAgent(item, agents, [])?.id).toBe("b");
  });

  it("should take turns among equally loaded agents", () => {
    const agents = [agent("a", 1, { lastAssignedAt: 200 }), agent("b", 1, { lastAssignedAt: 100 })];
    expect(pickAgent(item, agents, [])?.id).toBe("b");
  });

  it("should return nobody when everyone is full or away", () => {
    expect(pickAgent(item, [agent("a", 3), agent("b", 0, { online: false })], [])).toBeNull();
  });

  it("should narrow to members of teams whose language and channel match", () => {
    const teams: TeamFilter[] = [
      { languages: ["de-AT", "fr"], channels: [], members: ["b"] },
      { languages: [], channels: ["email"], members: ["a"] },
    ];
    expect([...(allowedAgents(item, teams) ?? [])]).toEqual(["b"]);
    expect(pickAgent(item, [agent("a", 0), agent("b", 2)], teams)?.id).toBe("b");
    expect(allowedAgents({ ...item, language: "ja", channelType: "telegram" }, teams)).toBeNull();
  });

  it("should keep a conversation waiting when only non-members are free", () => {
    const teams: TeamFilter[] = [{ languages: ["de"], channels: [], members: ["b"] }];
    expect(pickAgent(item, [agent("a", 0), agent("b", 3)], teams)).toBeNull();
  });

  it("should offer a conversation to agents with a matching skill first, then by load", () => {
    const agents = [
      agent("a", 0),
      agent("b", 2, { skills: ["de"] }),
      agent("c", 1, { skills: ["whatsapp"] }),
    ];
    // Both b (language) and c (channel) match; the less loaded of them wins over the idle a.
    expect(pickAgent(item, agents, [])?.id).toBe("c");
    expect(pickAgent({ ...item, channelType: "email" }, agents, [])?.id).toBe("b");
    // Nobody skilled has room: the conversation overflows to whoever is free.
    expect(
      pickAgent(
        { ...item, channelType: "email" },
        [agent("a", 0), agent("b", 3, { skills: ["de"] })],
        [],
      )?.id,
    ).toBe("a");
    expect(skillMatch({ skills: ["de"] }, { ...item, language: "de-CH" })).toBe(1);
    expect(skillMatch({ skills: ["fr"] }, { ...item, language: null })).toBe(0);
  });

  it("should give a conversation queued for sales only to the sales team's members and the skill's holders", () => {
    const sales = { ...item, team: "sales" };
    const teams: TeamFilter[] = [{ name: "Sales", languages: [], channels: [], members: ["s1"] }];
    const agents = [agent("a", 0), agent("s1", 2), agent("s2", 1, { skills: ["sales"] })];
    expect(pickAgent(sales, agents, teams)?.id).toBe("s2");
    // Busy sales agents: it waits rather than going to anyone else.
    const busy = [agent("a", 0), agent("s1", 3), agent("s2", 3, { skills: ["sales"] })];
    expect(pickAgent(sales, busy, teams)).toBeNull();
    // A sales agent who is not connected still holds the queue for the team.
    expect(pickAgent(sales, [agent("a", 0)], teams, [{ id: "a" }, { id: "s1" }])).toBeNull();
  });

  it("should not let a filter-less sales team claim every other conversation", () => {
    const teams: TeamFilter[] = [{ name: "sales", languages: [], channels: [], members: ["s1"] }];
    expect(allowedAgents(item, teams)).toBeNull();
    expect(pickAgent(item, [agent("a", 0), agent("s1", 1)], teams)?.id).toBe("a");
  });

  it("should let anyone take a sales lead when the tenant has no sales team or skill", () => {
    expect(pickAgent({ ...item, team: "sales" }, [agent("a", 0)], [])?.id).toBe("a");
  });
});
