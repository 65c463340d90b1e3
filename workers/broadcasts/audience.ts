/**
 * Turns a broadcast's audience into recipient rows, one page of contacts at a time (bounded work
 * per job). Contacts without an identity on the broadcast's channel cannot be reached and are left
 * out; those the platform rules exclude are written as `skipped` with the reason, so progress
 * shows why they got nothing.
 */
import type { ChannelType } from "../db/schema";
import { newId } from "../lib/ids";
import { windowAfter } from "../lib/reply-window";
import { pickVariant, type Audience, type Variant } from "./broadcast-definition";
import { channelPolicy } from "./broadcast-policy";

export const PAGE = 500;

interface CandidateRow {
  id: string;
  tags: string;
  attributes: string;
  language: string | null;
  vip: number;
  opt_out: string;
  address: string;
  opted_in: number | null;
  last_inbound_at: number | null;
}

const parse = <T>(s: string, fallback: T): T => {
  try {
    return JSON.parse(s) as T;
  } catch {
    return fallback;
  }
};
const lower = (v: unknown) => (typeof v === "string" ? v.toLowerCase() : v);

export function matchesAudience(
  a: Audience,
  c: { tags: string[]; attributes: Record<string, unknown>; language: string | null; vip: boolean },
): boolean {
  const tags = c.tags.map((t) => t.toLowerCase());
  if (!a.tags.every((t) => tags.includes(t.toLowerCase()))) return false;
  if (a.anyTags.length && !a.anyTags.some((t) => tags.includes(t.toLowerCase()))) return false;
  if (!Object.entries(a.attributes).every(([k, v]) => lower(c.attributes[k]) === lower(v)))
    return false;
  if (
    a.languages.length &&
    !(
      c.language &&
      a.languages
        .map((l) => l.toLowerCase().split("-")[0])
        .includes(c.language.toLowerCase().split("-")[0])
    )
  )
    return false;
  if (a.vip !== undefined && c.vip !== a.vip) return false;
  return true;
}

/** Why this contact may not receive the broadcast, or null. */
export function exclusion(
  channelType: ChannelType,
  c: { optOut: string[]; optedIn: boolean; lastInboundAt: number | null },
  now: number,
): string | null {
  const p = channelPolicy(channelType);
  if (c.optOut.includes(channelType) || c.optOut.includes("all")) return "opted_out";
  if (p.requiresOptIn && !c.optedIn) return "no_opt_in";
  if (p.windowOnly && !windowAfter(c.lastInboundAt, now).open) return "outside_window";
  return null;
}

export interface BroadcastForAudience {
  id: string;
  tenantId: string;
  channelId: string;
  channelType: ChannelType;
  audience: Audience;
  variants: Variant[];
  audienceCursor: string;
}

/** Writes the next page of recipients; returns the new cursor and whether the audience is exhausted. */
export async function materialisePage(
  d1: D1Database,
  b: BroadcastForAudience,
  now: number,
): Promise<{ cursor: string; done: boolean; added: number }> {
  const { results } = await d1
    .prepare(
      `SELECT c.id, c.tags, c.attributes, c.language, c.vip, c.opt_out, MIN(ci.external_id) AS address,
         (SELECT 1 FROM contact_opt_ins o WHERE o.contact_id = c.id AND o.channel_type = ?) AS opted_in,
         (SELECT MAX(v.last_inbound_at) FROM conversations v WHERE v.tenant_id = c.tenant_id AND v.contact_id = c.id AND v.channel_id = ?) AS last_inbound_at
       FROM contacts c JOIN contact_identities ci ON ci.contact_id = c.id AND ci.channel_id = ?
       WHERE c.tenant_id = ? AND c.id > ?
       GROUP BY c.id ORDER BY c.id LIMIT ?`,
    )
    .bind(b.channelType, b.channelId, b.channelId, b.tenantId, b.audienceCursor, PAGE)
    .all<CandidateRow>();
  const inserts: D1PreparedStatement[] = [];
  for (const r of results) {
    const contact = {
      tags: parse<string[]>(r.tags, []),
      attributes: parse<Record<string, unknown>>(r.attributes, {}),
      language: r.language,
      vip: r.vip === 1,
    };
    if (!matchesAudience(b.audience, contact)) continue;
    const reason = exclusion(
      b.channelType,
      {
        optOut: parse<string[]>(r.opt_out, []),
        optedIn: r.opted_in === 1,
        lastInboundAt: r.last_inbound_at,
      },
      now,
    );
    inserts.push(
      d1
        .prepare(
          `INSERT OR IGNORE INTO broadcast_recipients (id, tenant_id, broadcast_id, contact_id, address, variant_id, status, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .bind(
          newId("bcr"),
          b.tenantId,
          b.id,
          r.id,
          r.address,
          pickVariant(b.variants, r.id).id,
          reason ? "skipped" : "pending",
          reason,
        ),
    );
  }
  if (inserts.length) await d1.batch(inserts);
  const cursor = results.length ? results[results.length - 1].id : b.audienceCursor;
  return { cursor, done: results.length < PAGE, added: inserts.length };
}
