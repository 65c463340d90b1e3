/**
 * The n-gram detectors' profiles (tinyld 0.6 MB, eld 1.9 MB of data) are not in the Worker bundle:
 * every isolate would parse them at start, whichever route it serves. They are static assets
 * (`/lang/*.json`, written by `npm run build` from the installed packages, scripts/lang-profiles.mjs)
 * loaded at most once per isolate, by the first caller that detects a language — the same data the
 * packages embed, so the detectors answer exactly as before.
 */
import { createEld, type NgramsData } from "eld/detector";
import { createDetector, type Detector } from "tinyld/core";

/** File names under /lang/ in the assets (kept in step with scripts/lang-profiles.mjs). */
export const PROFILE_FILES = { tinyld: "tinyld-normal.json", eld: "eld-small.json" } as const;
export type ProfileName = keyof typeof PROFILE_FILES;

/** Reads one detector's profile as JSON text. */
export type ProfileSource = (name: ProfileName) => Promise<string>;

type Eld = ReturnType<typeof createEld>["instance"];

export interface Detectors {
  tinyld: Detector;
  eld: Eld;
  /** Languages eld's database covers (ISO 639-1, as eld spells them). */
  eldLanguages: string[];
}

let detectors: Detectors | null = null;
let loading: Promise<Detectors> | null = null;

/** ASSETS-backed source: the Worker's and the Durable Objects' own static assets. */
export function assetsProfileSource(assets: Fetcher): ProfileSource {
  return async (name) => {
    const res = await assets.fetch(`https://assets.local/lang/${PROFILE_FILES[name]}`);
    if (!res.ok)
      throw new Error(
        `language profile ${PROFILE_FILES[name]}: HTTP ${res.status} (run npm run build)`,
      );
    return res.text();
  };
}

/** Where the profiles come from when the caller names no source: this Worker's ASSETS binding. */
async function defaultSource(): Promise<ProfileSource> {
  const { env } = (await import("cloudflare:workers")) as { env: Partial<Env> };
  if (!env.ASSETS) throw new Error("language profiles: no ASSETS binding to read them from");
  return assetsProfileSource(env.ASSETS);
}

/**
 * Loads both detectors once per isolate; later calls return at once. A failed load is retried by the
 * next call rather than remembered.
 */
export function loadLanguageProfiles(source?: ProfileSource): Promise<Detectors> {
  if (detectors) return Promise.resolve(detectors);
  loading ??= (async () => {
    const read = source ?? (await defaultSource());
    const [tinyldText, eldText] = await Promise.all([read("tinyld"), read("eld")]);
    const tinyld = createDetector(JSON.parse(tinyldText));
    const { instance: eld, loadData } = createEld();
    if (!loadData(JSON.parse(eldText) as NgramsData))
      throw new Error("language profiles: eld database did not load");
    detectors = { tinyld, eld, eldLanguages: Object.values(eld.info().Languages) };
    return detectors;
  })().catch((err: unknown) => {
    loading = null;
    throw err;
  });
  return loading;
}

/** The loaded detectors. Calling this before `loadLanguageProfiles` resolved is a bug, not a state. */
export function languageDetectors(): Detectors {
  if (!detectors) throw new Error("language detection used before loadLanguageProfiles() resolved");
  return detectors;
}
