/**
 * What a shopper calls a teammate: their display name, or else the team's (the shop's) name.
 * An email address is never shown to shoppers, also when someone typed one as their name.
 */
export function shopperFacingName(
  displayName: string | null | undefined,
  teamName: string,
): string {
  const name = displayName?.trim() ?? "";
  return name && !name.includes("@") ? name : teamName;
}

/** A display name to offer when someone signs up or accepts an invite: "marta.garcia@…" → "Marta Garcia". */
export function nameFromEmail(email: string): string {
  // "+tag" is a sub-address (marta.garcia+shop@…), not part of anyone's name.
  const local = (email.split("@")[0] ?? "").split("+")[0];
  return local
    .split(/[._-]+/)
    .filter((w) => w && !/\d/.test(w))
    .map((w) => w[0].toUpperCase() + w.slice(1).toLowerCase())
    .join(" ");
}
