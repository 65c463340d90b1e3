import { ApiError } from "../lib/errors";
import { unsafeUrlReason } from "../lib/http-safety";
import {
  AiSettings,
  createProviders,
  KnowledgeIndex,
  type KbEntry,
  type ProviderOptions,
  type Providers,
} from "../ai";
import { decryptJson, encryptJson } from "../lib/crypto";
import type { Db } from "../db/client";
import { allEntries, kbFingerprint } from "./kb";
import { getSection } from "./tenant-settings";

/**
 * The AI's view of a tenant: its settings (with the deployment's defaults), its knowledge index
 * (built once per knowledge-base version and cached in the isolate), and its providers.
 */
export async function loadAiSettings(env: Env, db: Db, tenantId: string): Promise<AiSettings> {
  return withDefaults(
    env,
    await getSection(db, tenantId, "ai", AiSettings.partial().passthrough()),
  );
}

export async function withDefaults(
  env: Env,
  section: Partial<AiSettings> & Record<string, unknown>,
): Promise<AiSettings> {
  const stored = await openSecrets(env, section);
  // Deployment defaults apply where the merchant has not chosen: AI_PROVIDER, VECTOR_PROVIDER, OPENAI_BASE_URL/MODEL.
  // The API key of an OpenAI-compatible server is per tenant (AI settings), stored masked in responses.
  return AiSettings.parse({
    provider:
      env.AI_PROVIDER === "workers-ai" || env.AI_PROVIDER === "openai-compatible"
        ? env.AI_PROVIDER
        : "builtin",
    vectorSearch: env.VECTOR_PROVIDER === "vectorize",
    ...stored,
    openai: {
      ...(env.OPENAI_BASE_URL ? { baseUrl: env.OPENAI_BASE_URL } : {}),
      ...(env.OPENAI_MODEL ? { model: env.OPENAI_MODEL } : {}),
      ...(stored.openai ?? {}),
    },
  });
}

const indexCache = new Map<string, { fingerprint: string; index: KnowledgeIndex }>();
const MAX_CACHED_TENANTS = 50;

export function toKbEntry(row: {
  id: string;
  question: string;
  phrasings: string[];
  answer: string;
  language: string | null;
  tags: string[];
}): KbEntry {
  return {
    id: row.id,
    question: row.question,
    phrasings: row.phrasings,
    answer: row.answer,
    language: row.language,
    tags: row.tags,
  };
}

/** The tenant's index at `fingerprint` (read from D1 when not given), built once per version in this isolate. */
export async function getKnowledgeIndex(
  db: Db,
  tenantId: string,
  known?: string,
): Promise<KnowledgeIndex> {
  const fingerprint = known ?? (await kbFingerprint(db, tenantId));
  const hit = indexCache.get(tenantId);
  if (hit && hit.fingerprint === fingerprint) return hit.index;
  const index = KnowledgeIndex.build((await allEntries(db, tenantId)).map(toKbEntry));
  if (indexCache.size >= MAX_CACHED_TENANTS)
    indexCache.delete(indexCache.keys().next().value as string);
  indexCache.set(tenantId, { fingerprint, index });
  return index;
}

/** The tenant's providers; `opts` picks the task text generation serves, the budget state and a recorder. */
export function providersFor(
  env: Env,
  settings: AiSettings,
  opts: Omit<ProviderOptions, "fetch"> = {},
): Providers {
  return createProviders(
    { AI: env.AI, VECTORIZE: env.VECTORIZE, OPENAI_BASE_URL: env.OPENAI_BASE_URL },
    settings,
    opts,
  );
}

const mask = (s: string | undefined | null) => (s ? `••••${s.slice(-4)}` : s);

/** Settings as the API returns them: keys and lookup secrets masked. */
export function publicAiSettings(s: AiSettings): AiSettings {
  return {
    ...s,
    openai: { ...s.openai, apiKey: mask(s.openai.apiKey) ?? undefined },
    libretranslate: { ...s.libretranslate, apiKey: mask(s.libretranslate.apiKey) ?? undefined },
    orderLookup: s.orderLookup
      ? { ...s.orderLookup, secretValue: mask(s.orderLookup.secretValue) ?? "" }
      : null,
  };
}

const originOf = (url: string | undefined | null): string | null => {
  try {
    return url ? new URL(url).origin : null;
  } catch {
    return null;
  }
};

/**
 * A PUT that sends back a masked secret keeps the stored one, but only for the same host: a secret is never
 * sent to a URL it was not entered for (an admin who never saw it could otherwise read it on their own server).
 */
export function mergeSecrets(next: AiSettings, current: AiSettings): AiSettings {
  const masked = (v: string | undefined) => !v || v.startsWith("••••");
  const refuseNewHost = (
    path: string,
    from: string | undefined | null,
    to: string | undefined | null,
    stored: string | undefined,
  ) => {
    if (stored && to && originOf(from) !== originOf(to)) {
      throw new ApiError(
        "VALIDATION_FAILED",
        "The URL's host changed: enter the secret again for the new host.",
        [{ path, message: "re-enter for the new host" }],
      );
    }
  };
  if (masked(next.openai.apiKey))
    refuseNewHost(
      "openai.apiKey",
      current.openai.baseUrl,
      next.openai.baseUrl,
      current.openai.apiKey,
    );
  if (masked(next.libretranslate.apiKey))
    refuseNewHost(
      "libretranslate.apiKey",
      current.libretranslate.baseUrl,
      next.libretranslate.baseUrl,
      current.libretranslate.apiKey,
    );
  if (next.orderLookup && masked(next.orderLookup.secretValue))
    refuseNewHost(
      "orderLookup.secretValue",
      current.orderLookup?.url,
      next.orderLookup.url,
      current.orderLookup?.secretValue,
    );
  return {
    ...next,
    // No base URL given: nothing to keep a key for.
    openai: {
      ...next.openai,
      apiKey: masked(next.openai.apiKey)
        ? next.openai.baseUrl
          ? current.openai.apiKey
          : undefined
        : next.openai.apiKey,
    },
    libretranslate: {
      ...next.libretranslate,
      apiKey: masked(next.libretranslate.apiKey)
        ? next.libretranslate.baseUrl
          ? current.libretranslate.apiKey
          : undefined
        : next.libretranslate.apiKey,
    },
    orderLookup: next.orderLookup
      ? {
          ...next.orderLookup,
          secretValue: masked(next.orderLookup.secretValue)
            ? (current.orderLookup?.secretValue ?? "")
            : next.orderLookup.secretValue,
        }
      : null,
  };
}

/**
 * The merchant's URLs the AI calls (an OpenAI-compatible server, LibreTranslate, the order-lookup endpoint)
 * pass the unsafe-URL guard before they are stored, so a refused one says why instead of failing each turn
 * (the calls check again). The deployment's own `OPENAI_BASE_URL` is the operator's, not the merchant's.
 */
export function refuseUnsafeUrls(env: Pick<Env, "OPENAI_BASE_URL">, s: AiSettings): void {
  const urls: [string, string | undefined | null][] = [
    ["openai.baseUrl", s.openai.baseUrl === env.OPENAI_BASE_URL ? null : s.openai.baseUrl],
    ["libretranslate.baseUrl", s.libretranslate.baseUrl],
    ["orderLookup.url", s.orderLookup?.url],
  ];
  const refused = urls.flatMap(([path, url]) => {
    const reason = url ? unsafeUrlReason(url) : null;
    return reason ? [{ path, message: reason }] : [];
  });
  if (refused.length)
    throw new ApiError(
      "VALIDATION_FAILED",
      "A URL is not allowed: it must be public https.",
      refused,
    );
}

const SEALED = /^v1\./;

/** Secrets inside AI settings (an OpenAI-compatible key, the order-lookup header value) are sealed at rest. */
export async function sealSecrets(
  env: Pick<Env, "ENCRYPTION_KEY">,
  s: AiSettings,
): Promise<AiSettings> {
  const seal = async (v: string | undefined) =>
    v && !SEALED.test(v) ? encryptJson(env.ENCRYPTION_KEY, v) : v;
  return {
    ...s,
    openai: { ...s.openai, apiKey: await seal(s.openai.apiKey) },
    orderLookup: s.orderLookup
      ? { ...s.orderLookup, secretValue: (await seal(s.orderLookup.secretValue)) ?? "" }
      : null,
  };
}

async function openSecrets<
  T extends { openai?: { apiKey?: string }; orderLookup?: { secretValue: string } | null },
>(env: Pick<Env, "ENCRYPTION_KEY">, s: T): Promise<T> {
  const open = async (v: string | undefined) =>
    v && SEALED.test(v) ? decryptJson<string>(env.ENCRYPTION_KEY, v) : v;
  return {
    ...s,
    ...(s.openai ? { openai: { ...s.openai, apiKey: await open(s.openai.apiKey) } } : {}),
    ...(s.orderLookup
      ? {
          orderLookup: {
            ...s.orderLookup,
            secretValue: (await open(s.orderLookup.secretValue)) ?? "",
          },
        }
      : {}),
  };
}
