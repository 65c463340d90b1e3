/** Prefixed, sortable-enough random ids: `<prefix>_<time36><random>`; prefixes make logs readable. */
export function newId(prefix: string): string {
  const rand = crypto.getRandomValues(new Uint8Array(10));
  let r = "";
  for (const b of rand) r += (b % 36).toString(36);
  return `${prefix}_${Date.now().toString(36)}${r}`;
}
