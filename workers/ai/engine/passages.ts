/**
 * Split an answer or document body into passages of roughly `target` characters,
 * breaking at paragraph, then sentence boundaries, so a long answer contributes
 * several focused documents instead of one diluted vector.
 */
export function passages(text: string, target = 400): string[] {
  const paras = text
    .split(/\n\s*\n|(?<=[.!?。！？])\s+(?=\p{Lu})/u)
    .map((p) => p.trim())
    .filter(Boolean);
  const out: string[] = [];
  let cur = "";
  for (const p of paras) {
    if (cur && cur.length + p.length > target) {
      out.push(cur);
      cur = "";
    }
    cur = cur ? `${cur} ${p}` : p;
  }
  if (cur) out.push(cur);
  return out;
}
