/**
 * Extractive conversation summary (builtin): the shopper's opening request, their
 * latest message, what the AI last said, and the detected facts. Deterministic,
 * instant, and honest about being extractive.
 */
import type { HistoryItem } from "./policy";

const clip = (s: string, n: number): string =>
  s.length > n ? `${s.slice(0, n - 1).trimEnd()}…` : s;

/** First sentence that looks like a request (question mark or 6+ words), else the text itself. */
function keySentence(text: string): string {
  const sentences = text
    .split(/(?<=[.!?。！？])\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
  return (
    sentences.find((s) => /[?？]/.test(s)) ??
    sentences.find((s) => s.split(/\s+/).length >= 6) ??
    sentences[0] ??
    text
  );
}

export interface SummaryFacts {
  intent?: string | null;
  language?: string;
  sentiment?: string;
  tags?: string[];
}

export function extractiveSummary(
  history: HistoryItem[],
  current: string | null,
  facts: SummaryFacts = {},
): string {
  const shopper = [
    ...history.filter((h) => h.role === "shopper").map((h) => h.text),
    ...(current ? [current] : []),
  ];
  const lastAi = [...history].reverse().find((h) => h.role === "ai" || h.role === "agent");
  const lines: string[] = [];
  if (shopper.length) lines.push(`Customer asked: "${clip(keySentence(shopper[0]), 200)}"`);
  if (shopper.length > 1)
    lines.push(`Latest message: "${clip(keySentence(shopper[shopper.length - 1]), 200)}"`);
  if (shopper.length > 2) lines.push(`${shopper.length} customer messages in total.`);
  if (lastAi) lines.push(`Last reply (${lastAi.role}): "${clip(lastAi.text, 160)}"`);
  const meta = [
    facts.intent ? `intent ${facts.intent}` : "",
    facts.language ? `language ${facts.language}` : "",
    facts.sentiment ? `sentiment ${facts.sentiment}` : "",
    facts.tags?.length ? `tags ${facts.tags.join(", ")}` : "",
  ].filter(Boolean);
  if (meta.length) lines.push(`Detected: ${meta.join("; ")}.`);
  return lines.join("\n") || "No messages yet.";
}
