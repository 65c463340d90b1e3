/**
 * Documents (Markdown, HTML, plain text) become knowledge-base entries, one per
 * section: the heading is the question, the section body the answer (the index
 * splits long answers into passages itself).
 */
import { z } from "zod";
import type { KbEntry } from "./engine";

export const KbDocument = z.object({
  id: z.string().min(1).max(200),
  title: z.string().max(500).default(""),
  format: z.enum(["markdown", "html", "text"]),
  body: z.string().max(2_000_000),
  language: z.string().min(2).max(3).nullish(),
  tags: z.array(z.string()).default([]),
});
export type KbDocument = z.input<typeof KbDocument>;

const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
};

/** HTML to Markdown-ish text: headings and list items survive, other tags go. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style|noscript|template)[\s\S]*?<\/\1>/gi, "")
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<h([1-6])[^>]*>/gi, (_, n: string) => `\n\n${"#".repeat(Number(n))} `)
    .replace(/<\/h[1-6]>/gi, "\n\n")
    .replace(/<li[^>]*>/gi, "\n- ")
    .replace(/<(br|\/p|\/div|\/tr|\/li|\/ul|\/ol|p|div|tr)\b[^>]*>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&(#x?[0-9a-f]+|\w+);/gi, (m, e: string) => {
      if (e[0] === "#") {
        const code =
          e[1]?.toLowerCase() === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) ? String.fromCodePoint(code) : m;
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** Split a document into entries, one per heading section (or one entry without headings). */
export function documentToEntries(input: KbDocument): KbEntry[] {
  const doc = KbDocument.parse(input);
  const text = doc.format === "html" ? htmlToText(doc.body) : doc.body;
  const sections: { heading: string; body: string[] }[] = [{ heading: doc.title, body: [] }];
  for (const line of text.split(/\r?\n/)) {
    const h = doc.format === "text" ? null : line.match(/^#{1,6}\s+(.+?)\s*#*\s*$/);
    if (h) sections.push({ heading: h[1], body: [] });
    else sections[sections.length - 1].body.push(line);
  }
  return sections
    .map((s, i) => ({ ...s, i, answer: s.body.join("\n").trim() }))
    .filter((s) => s.answer)
    .map((s) => ({
      id: `${doc.id}#${s.i}`,
      question:
        [doc.title, s.heading].filter((x, j, a) => x && a.indexOf(x) === j).join(" — ") ||
        s.answer.slice(0, 80),
      phrasings: [],
      answer: s.answer,
      language: doc.language ?? null,
      tags: doc.tags,
    }));
}
