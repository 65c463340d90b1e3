import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { addMember, call, errorOf, signupTenant, type Caller } from "./helpers";

async function waitForJob(owner: Caller, id: string) {
  for (let i = 0; i < 250; i++) {
    const { job } = (await (
      await call("GET", `/api/kb/import/${id}`, { cookie: owner.cookie })
    ).json()) as {
      job: {
        status: string;
        imported: number;
        failed: number;
        processed: number;
        total: number;
        errors: { row: number; message: string }[];
      };
    };
    if (job.status === "done" || job.status === "failed") return job;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("import did not finish");
}

const entryCount = async (tenantId: string) =>
  (await env.DB.prepare("SELECT count(*) AS n FROM kb_entries WHERE tenant_id = ?")
    .bind(tenantId)
    .first<{ n: number }>())!.n;

describe("knowledge base", () => {
  it("should create, edit, list and delete entries", async () => {
    const owner = await signupTenant();
    const res = await call("POST", "/api/kb/entries", {
      cookie: owner.cookie,
      body: {
        question: "How long does shipping take?",
        phrasings: ["delivery time"],
        answer: "3-5 business days.",
        language: "en",
        tags: ["shipping"],
      },
    });
    expect(res.status).toBe(201);
    const { entry } = (await res.json()) as { entry: { id: string } };
    const patched = await call("PATCH", `/api/kb/entries/${entry.id}`, {
      cookie: owner.cookie,
      body: { answer: "2-4 business days." },
    });
    expect(((await patched.json()) as { entry: { answer: string } }).entry.answer).toBe(
      "2-4 business days.",
    );
    const list = (await (
      await call("GET", "/api/kb/entries?q=shipping", { cookie: owner.cookie })
    ).json()) as { entries: { id: string }[] };
    expect(list.entries.map((e) => e.id)).toEqual([entry.id]);
    expect(
      (await call("DELETE", `/api/kb/entries/${entry.id}`, { cookie: owner.cookie })).status,
    ).toBe(204);
    expect(
      (await call("GET", `/api/kb/entries/${entry.id}`, { cookie: owner.cookie })).status,
    ).toBe(404);
  });

  it("should reject invalid entries with 422 and keep other tenants' entries invisible", async () => {
    const a = await signupTenant();
    const b = await signupTenant();
    const bad = await call("POST", "/api/kb/entries", {
      cookie: a.cookie,
      body: { question: "", answer: 5 },
    });
    expect(bad.status).toBe(422);
    const created = await call("POST", "/api/kb/entries", {
      cookie: b.cookie,
      body: { question: "Q?", answer: "A." },
    });
    const { entry } = (await created.json()) as { entry: { id: string } };
    expect((await call("GET", `/api/kb/entries/${entry.id}`, { cookie: a.cookie })).status).toBe(
      404,
    );
    expect(
      (
        await call("PATCH", `/api/kb/entries/${entry.id}`, {
          cookie: a.cookie,
          body: { answer: "hacked" },
        })
      ).status,
    ).toBe(404);
    expect((await call("DELETE", `/api/kb/entries/${entry.id}`, { cookie: a.cookie })).status).toBe(
      404,
    );
    expect(await entryCount(a.tenantId)).toBe(0);
  });

  it("should import a CSV as a queued job, report malformed rows per row and import the rest", async () => {
    const owner = await signupTenant();
    const csv = [
      "question,answer,phrasings,language,tags",
      '"Do you ship to Spain?","Yes, in 3 days.","envíos a España|shipping spain",en,shipping',
      ",missing question,,,",
      '"Can I pay with PayPal?","Yes, PayPal and cards.",,en,payments',
      '"Empty answer?","",,en,',
    ].join("\n");
    const res = await call("POST", "/api/kb/import", {
      cookie: owner.cookie,
      rawBody: csv,
      headers: { "content-type": "text/csv" },
    });
    expect(res.status).toBe(202);
    const { job } = (await res.json()) as { job: { id: string; total: number } };
    expect(job.total).toBe(4);
    const done = await waitForJob(owner, job.id);
    expect(done).toMatchObject({ status: "done", imported: 2, failed: 2, processed: 4 });
    expect(done.errors.map((e) => e.row)).toEqual([2, 4]);
    const list = (await (
      await call("GET", "/api/kb/entries", { cookie: owner.cookie })
    ).json()) as { entries: { question: string; phrasings: string[] }[] };
    expect(list.entries.find((e) => e.question === "Do you ship to Spain?")?.phrasings).toEqual([
      "envíos a España",
      "shipping spain",
    ]);
  });

  it("should import thousands of JSONL rows in slices, with answers[] accepted", async () => {
    const owner = await signupTenant();
    const lines = Array.from({ length: 1200 }, (_, i) =>
      JSON.stringify({ faq_id: i, question: `Question number ${i}?`, answers: [`Answer ${i}.`] }),
    );
    lines.splice(5, 0, "{truncated");
    const res = await call("POST", "/api/kb/import", {
      cookie: owner.cookie,
      rawBody: lines.join("\n"),
      headers: { "content-type": "application/x-ndjson" },
    });
    const { job } = (await res.json()) as { job: { id: string } };
    const done = await waitForJob(owner, job.id);
    expect(done).toMatchObject({ status: "done", imported: 1200, failed: 1 });
    expect(done.errors[0]).toEqual({ row: 6, message: "the line is not valid JSON" });
    expect(await entryCount(owner.tenantId)).toBe(1200);
    // Pages by cursor: every entry once, newest first, though a slice shares one creation time.
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page++) {
      const res: Response = await call(
        "GET",
        `/api/kb/entries?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
        { cookie: owner.cookie },
      );
      expect(res.status).toBe(200);
      const body = (await res.json()) as {
        entries: { id: string; createdAt: number }[];
        nextCursor: string | null;
      };
      seen.push(...body.entries.map((e) => e.id));
      cursor = body.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toHaveLength(1200);
    expect(new Set(seen).size).toBe(1200);
    const bad = await call("GET", "/api/kb/entries?cursor=not-a-cursor", { cookie: owner.cookie });
    expect(bad.status).toBe(422);
  }, 30_000);

  it("should refuse empty imports, wrong content types, and agents", async () => {
    const owner = await signupTenant();
    expect(
      (
        await call("POST", "/api/kb/import", {
          cookie: owner.cookie,
          rawBody: "  ",
          headers: { "content-type": "text/csv" },
        })
      ).status,
    ).toBe(422);
    const wrong = await call("POST", "/api/kb/import", {
      cookie: owner.cookie,
      rawBody: "a,b",
      headers: { "content-type": "application/pdf" },
    });
    expect(wrong.status).toBe(415);
    expect((await errorOf(wrong)).code).toBe("UNSUPPORTED_MEDIA_TYPE");
    const agent = await addMember(owner, "agent");
    expect(
      (
        await call("POST", "/api/kb/import", {
          cookie: agent.cookie,
          rawBody: "question,answer\nq,a",
          headers: { "content-type": "text/csv" },
        })
      ).status,
    ).toBe(403);
    expect(await entryCount(owner.tenantId)).toBe(0);
  });

  it("should split Markdown and HTML documents into passages", async () => {
    const owner = await signupTenant();
    const md = await call("POST", "/api/kb/documents", {
      cookie: owner.cookie,
      body: {
        title: "Returns",
        format: "markdown",
        content:
          "# Returns policy\n\nYou can return items within **30 days**.\n\n## Refunds\n\nRefunds reach your card in 5 days.",
      },
    });
    expect(md.status).toBe(201);
    expect(((await md.json()) as { passages: number }).passages).toBe(2);
    const html = await call("POST", "/api/kb/documents", {
      cookie: owner.cookie,
      body: {
        title: "Pay",
        format: "html",
        content: "<h1>Payments</h1><p>We accept Visa &amp; PayPal.</p><script>alert(1)</script>",
      },
    });
    expect(html.status).toBe(201);
    const list = (await (
      await call("GET", "/api/kb/entries?q=PayPal", { cookie: owner.cookie })
    ).json()) as { entries: { question: string; answer: string }[] };
    expect(list.entries[0]).toMatchObject({
      question: "Payments",
      answer: "We accept Visa & PayPal.",
    });
  });

  it("should read CSV tags separated by commas, as the entry form writes them, or by |", async () => {
    const owner = await signupTenant();
    const csv = [
      "question,answer,language,tags",
      '"Do you ship to Spain?","Yes, in 3 days.",en,"shipping, spain"',
      '"Can I pay with PayPal?","Yes.",en,payments|paypal',
    ].join("\n");
    const res = await call("POST", "/api/kb/import", {
      cookie: owner.cookie,
      rawBody: csv,
      headers: { "content-type": "text/csv" },
    });
    expect(res.status).toBe(202);
    const done = await waitForJob(owner, ((await res.json()) as { job: { id: string } }).job.id);
    expect(done).toMatchObject({ status: "done", imported: 2 });
    const list = (await (
      await call("GET", "/api/kb/entries", { cookie: owner.cookie })
    ).json()) as { entries: { question: string; tags: string[] }[] };
    expect(list.entries.find((e) => e.question === "Do you ship to Spain?")?.tags).toEqual([
      "shipping",
      "spain",
    ]);
    expect(list.entries.find((e) => e.question === "Can I pay with PayPal?")?.tags).toEqual([
      "payments",
      "paypal",
    ]);
  });
});
