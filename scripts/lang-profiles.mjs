/**
 * The two language detectors' profiles (tinyld "normal", eld "small") as plain data, taken from the
 * installed packages: `npm run build` writes them to web/dist/lang/ (served through ASSETS and loaded
 * once per isolate that detects a language, instead of parsed by every isolate as part of the bundle);
 * Node (the eval) reads them from here directly. Same bytes either way, so results are identical.
 */
import { readFileSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const modules = path.join(root, "node_modules");

/** File names under /lang/ in the assets, one per detector. */
export const PROFILE_FILES = { tinyld: "tinyld-normal.json", eld: "eld-small.json" };

/** tinyld embeds its profiles as an object literal in its bundle (`var normal_default = {…};`). */
function tinyldProfiles() {
  const src = readFileSync(path.join(modules, "tinyld/dist/tinyld.normal.browser.js"), "utf8");
  const start = src.indexOf("var normal_default = {");
  const end = src.indexOf("\n};\n", start);
  if (start < 0 || end < 0)
    throw new Error("tinyld: profiles not found in tinyld.normal.browser.js (another version?)");
  // A data literal from our own dependency, evaluated at build time only.
  // biome-ignore lint/security/noGlobalEval: build-time evaluation of a data literal from a pinned dependency
  return (0, eval)(`(${src.slice(start + "var normal_default = ".length, end + 2)})`);
}

/** eld exports its database from src/ngrams/small.js (not in its package exports, so by file). */
async function eldProfiles() {
  const mod = await import(pathToFileURL(path.join(modules, "eld/src/ngrams/small.js")).href);
  return mod.ngramsData;
}

/** Both profiles as JSON text, keyed like PROFILE_FILES. */
export async function profileTexts() {
  return { tinyld: JSON.stringify(tinyldProfiles()), eld: JSON.stringify(await eldProfiles()) };
}

/** Writes <dir>/<file> for each detector; returns the bytes written. */
export async function writeProfiles(dir) {
  mkdirSync(dir, { recursive: true });
  const texts = await profileTexts();
  let bytes = 0;
  for (const [k, file] of Object.entries(PROFILE_FILES)) {
    writeFileSync(path.join(dir, file), texts[k]);
    bytes += Buffer.byteLength(texts[k]);
  }
  return bytes;
}
