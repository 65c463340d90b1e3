import { describe, expect, it } from "vitest";
import { importSpecifiers, resolveSpecifier, violations, type Edge } from "../scripts/import-rules";

/** A tiny repository: the files that exist, as the check's resolver sees them. */
const FILES = new Set([
  "durable-objects/conversation-do.ts",
  "durable-objects/rpc.ts",
  "durable-objects/conversation/conversation-core.ts",
  "workers/wire/objects.ts",
  "workers/wire/queue.ts",
  "workers/lib/log.ts",
  "workers/services/conversations.ts",
  "workers/services/events.ts",
  "workers/ops/workflows/due.ts",
  "workers/routes/webhooks.ts",
  "workers/channels/media-url.ts",
  "workers/lib/http-safety.ts",
  "workers/automation/runner.ts",
  "workers/wiring.ts",
]);
const exists = (p: string) => FILES.has(p);

/** The edges of one file, parsed and resolved as the check does. */
function edgesOf(from: string, text: string): Edge[] {
  return importSpecifiers(text).flatMap(({ specifier }) => {
    const to = resolveSpecifier(from, specifier, exists);
    return to ? [{ from, to }] : [];
  });
}

describe("import direction check", () => {
  it("should fail a Durable Object that imports a service, ops or a channel module", () => {
    const text = [
      'import { DurableObject } from "cloudflare:workers";',
      'import { log } from "../../workers/lib/log";',
      'import type { DoResult } from "../../workers/wire/objects";',
      'import { assignableUser } from "../../workers/services/conversations";',
      "import {",
      "  runDueSteps,",
      '} from "../../workers/ops/workflows/due";',
      'import { mediaPrefix } from "../../workers/channels/media-url.js";',
    ].join("\n");
    const bad = violations(edgesOf("durable-objects/conversation/conversation-core.ts", text));
    expect(bad.map((v) => [v.to, v.rule])).toEqual([
      ["workers/services/conversations.ts", "objects are leaves"],
      ["workers/ops/workflows/due.ts", "objects are leaves"],
      ["workers/channels/media-url.ts", "objects are leaves"],
    ]);
  });

  it("should fail a service that reaches into an object's internals, and one that imports a route", () => {
    const text =
      'import { replyWindow } from "../../durable-objects/conversation/conversation-core";\nexport { WEBHOOK_BODY_LIMIT } from "../routes/webhooks";';
    const bad = violations(edgesOf("workers/services/conversations.ts", text));
    expect(bad.map((v) => v.rule)).toEqual([
      "no reaching into the objects",
      "services never import routes",
    ]);
  });

  it("should fail wire types that import an object", () => {
    const bad = violations(
      edgesOf(
        "workers/wire/objects.ts",
        'import type { ConvState } from "../../durable-objects/conversation/conversation-core";',
      ),
    );
    expect(bad.map((v) => v.rule)).toEqual([
      "no reaching into the objects",
      "wire types are shared, so they import nothing above them",
    ]);
  });

  it("should fail shared lib and wire files that import a capability", () => {
    const lib = violations(
      edgesOf(
        "workers/lib/http-safety.ts",
        'import { log } from "./log";\nimport { mediaPrefix } from "../channels/media-url";',
      ),
    );
    const wire = violations(
      edgesOf("workers/wire/queue.ts", 'import type { Step } from "../automation/runner";'),
    );
    expect([...lib, ...wire].map((v) => [v.to, v.rule])).toEqual([
      ["workers/channels/media-url.ts", "lib holds shared rules, so it imports nothing above them"],
      ["workers/automation/runner.ts", "wire types are shared, so they import nothing above them"],
    ]);
  });

  it("should pass typed stubs, wire types and the wiring file", () => {
    const service =
      'import { conversationStub } from "../../durable-objects/rpc";\nimport type { DoResult } from "../wire/objects";';
    const wiring =
      'import { ConversationDO } from "../durable-objects/conversation-do";\nimport { runDueSteps } from "./ops/workflows/due";';
    const edges = [
      ...edgesOf("workers/services/conversations.ts", service),
      ...edgesOf("workers/wiring.ts", wiring),
    ];
    expect(edges).toHaveLength(4);
    expect(violations(edges)).toEqual([]);
  });

  it("should ignore imports named in comments, and mark type-only imports", () => {
    const text = [
      '/** Unlike `import { x } from "../../workers/services/events"`, this stays a leaf. */',
      '// import { y } from "../../workers/ops/workflows/due";',
      'import type { DoResult } from "../../workers/wire/objects";',
      'const lazy = () => import("../../workers/wire/queue");',
    ].join("\n");
    expect(importSpecifiers(text)).toEqual([
      { specifier: "../../workers/wire/objects", typeOnly: true },
      { specifier: "../../workers/wire/queue", typeOnly: false },
    ]);
  });
});
