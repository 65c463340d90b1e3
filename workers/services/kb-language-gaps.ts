/**
 * Shopper languages the knowledge base lacks: the languages conversations were held in,
 * each with how many entries are written in it, against the knowledge base's main language.
 * A language with fewer entries than the main one is answered cross-lingually at best (or
 * handed over, per `crossLingualReply`), so the knowledge page offers to translate entries.
 */
import { count, desc, isNotNull, sql } from "drizzle-orm";
import { inTenant, type Db } from "../db/client";
import { conversations, kbEntries } from "../db/schema";
import { publicEntry } from "./kb";

/** Source entries offered per missing language: enough to start with, not a page of them. */
const SOURCES = 5;

export interface LanguageGap {
  language: string;
  conversations: number;
  entries: number;
}

export async function languageGaps(db: Db, tenantId: string) {
  const [byConv, byEntry] = await Promise.all([
    db
      .select({ language: conversations.language, n: count() })
      .from(conversations)
      .where(inTenant(conversations, tenantId, isNotNull(conversations.language)))
      .groupBy(conversations.language),
    db
      .select({ language: kbEntries.language, n: count() })
      .from(kbEntries)
      .where(inTenant(kbEntries, tenantId))
      .groupBy(kbEntries.language),
  ]);
  const entriesIn = new Map(
    byEntry.filter((r) => r.language).map((r) => [r.language as string, r.n]),
  );
  // The main language is the one most entries are written in; entries without one count for it.
  const untagged = byEntry.find((r) => !r.language)?.n ?? 0;
  const [main] = [...entriesIn].sort((a, b) => b[1] - a[1]);
  const mainLanguage = main?.[0] ?? null;
  const mainEntries = (main?.[1] ?? 0) + untagged;
  const gaps: LanguageGap[] = byConv
    .map((r) => ({
      language: r.language as string,
      conversations: r.n,
      entries: entriesIn.get(r.language as string) ?? 0,
    }))
    .filter((g) => g.language !== mainLanguage && g.language !== "und" && g.entries < mainEntries)
    .sort((a, b) => b.conversations - a.conversations);
  const sources = gaps.length
    ? await db
        .select()
        .from(kbEntries)
        .where(
          inTenant(
            kbEntries,
            tenantId,
            mainLanguage
              ? sql`coalesce(${kbEntries.language}, ${mainLanguage}) = ${mainLanguage}`
              : undefined,
          ),
        )
        .orderBy(desc(kbEntries.createdAt))
        .limit(SOURCES)
    : [];
  return { mainLanguage, mainEntries, gaps, sources: sources.map(publicEntry) };
}
