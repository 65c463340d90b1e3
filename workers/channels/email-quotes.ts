/**
 * Separates what the shopper wrote from the quoted history mail clients append to replies, so the
 * inbox and the AI see only the new text. Heuristic by nature: it cuts at the first reply header it
 * recognises and drops `>`-quoted lines.
 */

// "On Tue, 5 Mar 2024 at 10:02, Shop Support <help@shop.example> wrote:" and its translations.
const ATTRIBUTION = [
  /^On\b.{0,300}\bwrote:\s*$/i,
  /^Am\b.{0,300}\bschrieb\b.{0,200}:\s*$/i,
  /^Le\b.{0,300}\ba écrit\s*:\s*$/i,
  /^El\b.{0,300}\bescribió:\s*$/i,
  /^Il giorno\b.{0,300}\bha scritto:\s*$/i,
  /^Op\b.{0,300}\bschreef\b.{0,200}:\s*$/i,
  /^Em\b.{0,300}\bescreveu:\s*$/i,
];
// Outlook / Exchange style separators.
const SEPARATOR = [
  /^-{2,}\s*(Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original|Messaggio originale)\s*-{2,}\s*$/i,
  /^-{2,}\s*Reply above this line\s*-{2,}\s*$/i,
  /^_{20,}\s*$/,
];
const HEADER_FROM = /^\*?(From|Von|De|Van|Da):\*?\s+\S/i;
const FORWARD_MARKER =
  /^(-+\s*Forwarded message\s*-+|Begin forwarded message:|-+\s*Weitergeleitete Nachricht\s*-+)$/i;
const HEADER_NEXT =
  /^\*?(Sent|Date|Gesendet|Datum|Envoyé|Enviado|Inviato|To|An|À|Para|A|Subject|Betreff|Objet|Asunto|Oggetto|Cc):\*?\s/i;

/** Index of the first line where quoted history starts, or -1. */
function historyStart(lines: string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    if (SEPARATOR.some((re) => re.test(line))) return i;
    if (ATTRIBUTION.some((re) => re.test(line))) return i;
    // Gmail wraps long attributions over two lines ("On …, Name <" / "addr> wrote:").
    const next = lines[i + 1]?.trim();
    if (next && /^On\b/i.test(line) && ATTRIBUTION[0].test(`${line} ${next}`)) return i;
    // An Outlook header block: "From: …" followed within a few lines by Sent/To/Subject — unless it
    // introduces a forwarded message, which is content the shopper wants us to read.
    const forwarded = lines.slice(Math.max(0, i - 2), i).some((l) => FORWARD_MARKER.test(l.trim()));
    if (
      !forwarded &&
      HEADER_FROM.test(line) &&
      lines.slice(i + 1, i + 5).some((l) => HEADER_NEXT.test(l.trim()))
    )
      return i;
  }
  return -1;
}

export type SplitReply = { shown: string; quoted?: string };

/** Splits a plain-text reply into the new text and the quoted history (undefined when there is none). */
export function stripQuotedReply(text: string): SplitReply {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const start = historyStart(lines);
  const head = start === -1 ? lines : lines.slice(0, start);
  const quotedParts: string[] = start === -1 ? [] : [lines.slice(start).join("\n")];

  // Whatever `>` lines remain (bottom-posted or interleaved quotes) are history too, unless dropping
  // them would leave nothing: then the quote is what the shopper sent on purpose.
  const unquoted = head.filter((l) => !/^\s*>/.test(l));
  const kept = unquoted.some((l) => l.trim()) ? unquoted : head;
  const removed = kept === head ? [] : head.filter((l) => /^\s*>/.test(l));
  if (removed.length) quotedParts.unshift(removed.join("\n"));

  const shown = kept
    .join("\n")
    .replace(/\s+$/, "")
    .replace(/^\s*\n/, "");
  const quoted = quotedParts.join("\n").trim();
  // Nothing new above the history (a bare forward or a quote-only reply): show it all.
  if (!shown.trim()) return { shown: text.trim() };
  return quoted ? { shown, quoted } : { shown };
}
