/// <reference types="vite/client" />
/**
 * Test-only access to ../shared/fixtures. workerd has no filesystem, so Vite inlines the files as
 * strings (`?raw`). `?raw` keeps a UTF-8 BOM and CRLF line endings, and every fixture is valid UTF-8,
 * so re-encoding gives back the exact bytes (checked against sha256 sums in fixtures.test.ts).
 */
const webhookFiles = import.meta.glob<string>("/../shared/fixtures/webhooks/**/*.json", {
  query: "?raw",
  import: "default",
  eager: true,
});
const emailFiles = import.meta.glob<string>("/../shared/fixtures/email/*.eml", {
  query: "?raw",
  import: "default",
  eager: true,
});

const PREFIX = "../shared/fixtures/";
const all: Record<string, string> = {};
for (const [key, text] of Object.entries({ ...webhookFiles, ...emailFiles }))
  all[key.slice(key.indexOf(PREFIX) + PREFIX.length)] = text;

/** Fixture text by path under fixtures/, e.g. `webhooks/whatsapp/flat/message__text.json`. */
export function fixtureText(path: string): string {
  const text = all[path];
  if (text === undefined) throw new Error(`fixture not found: ${path}`);
  return text;
}

export const fixtureBytes = (path: string): Uint8Array =>
  new TextEncoder().encode(fixtureText(path));

/** Every fixture path under a folder (not recursive), sorted. */
export function fixturePaths(folder: string): string[] {
  const prefix = folder.endsWith("/") ? folder : `${folder}/`;
  return Object.keys(all)
    .filter((p) => p.startsWith(prefix) && !p.slice(prefix.length).includes("/"))
    .sort();
}
