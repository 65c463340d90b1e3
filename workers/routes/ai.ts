import { createRoute, z } from "@hono/zod-openapi";
import {
  AiSettings,
  DEFAULT_TAG_RULES,
  TagRule,
  assetsLexiconSource,
  expandDraft,
  makePolite,
  runAiTurn,
  searchKb,
  translateForAgent,
} from "../ai";
import { authOf, requireRole } from "../middleware/auth";
import { ApiError } from "../lib/errors";
import { createRouter, errorResponses, jsonBody, jsonOk } from "../lib/router";
import { entriesByIds } from "../services/kb";
import { AiTrySchema } from "../wire/ai-try";
import { KbEntrySchema } from "../wire/kb";
import {
  getKnowledgeIndex,
  loadAiSettings,
  mergeSecrets,
  providersFor,
  publicAiSettings,
  refuseUnsafeUrls,
  sealSecrets,
} from "../services/ai";
import { putSection } from "../services/tenant-settings";
import { budgetedProviders } from "../services/ai-usage";

const tags = ["AI"];
const Settings = z.record(z.string(), z.unknown()).openapi("AiSettings", {
  description:
    "See workers/ai/ai-settings.ts: persona, provider, threshold, languages, policy, businessHours, orderLookup, tagRules.",
});

export const aiSettingsRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/tag-rules",
      tags,
      summary: "The auto-tag rules in force: the tenant's own, or the built-in defaults",
      description:
        "Each rule adds its tag when any pattern occurs in a shopper's message (`*` ends a prefix). `custom` is false while the defaults apply; PUT /settings/ai with `tagRules` replaces them, without it restores them.",
      middleware: [requireRole("viewer")] as const,
      responses: {
        200: jsonOk(
          z.object({ rules: z.array(TagRule), custom: z.boolean(), defaults: z.array(TagRule) }),
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const settings = await loadAiSettings(c.env, c.get("db"), authOf(c).tenantId);
      return c.json(
        {
          rules: settings.tagRules ?? DEFAULT_TAG_RULES,
          custom: settings.tagRules !== undefined,
          defaults: DEFAULT_TAG_RULES,
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      tags,
      summary: "AI settings (secrets masked)",
      middleware: [requireRole("viewer")] as const,
      responses: { 200: jsonOk(z.object({ settings: Settings })), ...errorResponses },
    }),
    async (c) =>
      c.json(
        {
          settings: publicAiSettings(await loadAiSettings(c.env, c.get("db"), authOf(c).tenantId)),
        },
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/",
      tags,
      summary:
        "Set provider, persona, threshold, languages, handover rules, business hours, order lookup",
      middleware: [requireRole("admin")] as const,
      request: { body: jsonBody(AiSettings) },
      responses: { 200: jsonOk(z.object({ settings: Settings })), ...errorResponses },
    }),
    async (c) => {
      const auth = authOf(c);
      const current = await loadAiSettings(c.env, c.get("db"), auth.tenantId);
      const next = mergeSecrets(c.req.valid("json"), current);
      refuseUnsafeUrls(c.env, next);
      await putSection(c.get("db"), auth, "ai", await sealSecrets(c.env, next));
      return c.json({ settings: publicAiSettings(next) }, 200);
    },
  );

export const aiRoutes = createRouter().openapi(
  createRoute({
    method: "post",
    path: "/try",
    tags,
    summary: "Ask the AI as a shopper would; shows the retrieved entries and the decision",
    middleware: [requireRole("agent")] as const,
    request: {
      body: jsonBody(
        z.strictObject({
          message: z.string().trim().min(1).max(2000),
          vip: z.boolean().default(false),
          country: z
            .string()
            .regex(/^[A-Z]{2}$/, "ISO country code, e.g. CH")
            .optional(),
        }),
      ),
    },
    responses: {
      200: jsonOk(AiTrySchema),
      ...errorResponses,
    },
  }),
  async (c) => {
    const auth = authOf(c);
    const db = c.get("db");
    const { message, vip, country } = c.req.valid("json");
    const [settings, index] = await Promise.all([
      loadAiSettings(c.env, db, auth.tenantId),
      getKnowledgeIndex(db, auth.tenantId),
    ]);
    const { providers, record } = await budgetedProviders(c.env, db, auth.tenantId, settings);
    const result = await runAiTurn({
      tenantId: auth.tenantId,
      settings,
      entries: index,
      history: [],
      message,
      contact: { vip, country: country ?? null },
      now: new Date(),
      providers,
      lexicons: assetsLexiconSource(c.env.ASSETS),
    });
    await record();
    const hits = index
      .search(message, 5)
      .map((h) => ({ id: h.id, question: index.get(h.id)?.question ?? "", score: h.confidence }));
    return c.json(
      {
        decision: result.kind,
        reply: result.text || null,
        rule: "rule" in result ? result.rule : null,
        result,
        hits,
      },
      200,
    );
  },
);

export const kbSearchRoutes = createRouter().openapi(
  createRoute({
    method: "get",
    path: "/search",
    tags: ["Knowledge"],
    summary: "Search the knowledge base as the AI does",
    middleware: [requireRole("viewer")] as const,
    request: {
      query: z.object({
        q: z.string().trim().min(1).max(500),
        k: z.coerce.number().int().min(1).max(20).default(5),
      }),
    },
    responses: {
      200: jsonOk(
        z.object({
          hits: z.array(KbEntrySchema.extend({ snippet: z.string(), score: z.number() })),
        }),
      ),
      ...errorResponses,
    },
  }),
  async (c) => {
    const auth = authOf(c);
    const db = c.get("db");
    const { q, k } = c.req.valid("query");
    const [settings, index] = await Promise.all([
      loadAiSettings(c.env, db, auth.tenantId),
      getKnowledgeIndex(db, auth.tenantId),
    ]);
    const results = await searchKb(
      {
        tenantId: auth.tenantId,
        index,
        history: [],
        settings,
        providers: providersFor(c.env, settings),
      },
      q,
      k,
    );
    const rows = await entriesByIds(
      db,
      auth.tenantId,
      results.map((r) => r.id),
    );
    const hits = results.flatMap((r) => {
      const row = rows.get(r.id);
      return row ? [{ ...row, snippet: r.snippet, score: r.confidence }] : [];
    });
    return c.json({ hits }, 200);
  },
);

export const polishRoutes = createRouter().openapi(
  createRoute({
    method: "post",
    path: "/polish",
    tags: ["Copilot"],
    summary: "Expand a draft or make it polite",
    middleware: [requireRole("agent")] as const,
    request: {
      body: jsonBody(
        z.strictObject({
          text: z.string().trim().min(1).max(4000),
          mode: z.enum(["expand", "polite"]),
        }),
      ),
    },
    responses: {
      200: jsonOk(z.object({ text: z.string(), method: z.string() })),
      ...errorResponses,
    },
  }),
  async (c) => {
    const auth = authOf(c);
    const db = c.get("db");
    const { text, mode } = c.req.valid("json");
    const [settings, index] = await Promise.all([
      loadAiSettings(c.env, db, auth.tenantId),
      getKnowledgeIndex(db, auth.tenantId),
    ]);
    const { providers, record } = await budgetedProviders(c.env, db, auth.tenantId, settings);
    const ctx = { tenantId: auth.tenantId, index, history: [], settings, providers };
    const out = mode === "expand" ? await expandDraft(ctx, text) : await makePolite(ctx, text);
    await record();
    return c.json({ text: out.text, method: out.method }, 200);
  },
);

export const translateRoutes = createRouter().openapi(
  createRoute({
    method: "post",
    path: "/",
    tags: ["Copilot"],
    summary: "Translate text (needs an AI provider; builtin says so)",
    middleware: [requireRole("agent")] as const,
    request: {
      body: jsonBody(
        z.strictObject({
          text: z.string().trim().min(1).max(4000),
          to: z.string().min(2).max(8),
          from: z.string().min(2).max(8).optional(),
        }),
      ),
    },
    responses: {
      200: jsonOk(z.object({ text: z.string(), language: z.string() })),
      ...errorResponses,
    },
  }),
  async (c) => {
    const auth = authOf(c);
    const db = c.get("db");
    const settings = await loadAiSettings(c.env, db, auth.tenantId);
    const { text, to, from } = c.req.valid("json");
    const { providers, record } = await budgetedProviders(c.env, db, auth.tenantId, settings);
    const res = await translateForAgent(providers.translator, text, from ?? "auto", to);
    await record();
    if (!res.ok) throw new ApiError("AI_PROVIDER_REQUIRED", res.reason);
    return c.json({ text: res.text, language: to }, 200);
  },
);
