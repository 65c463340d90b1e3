/** Splits a Markdown, HTML or plain-text document into retrievable passages of a few sentences. */
export interface Passage {
  heading: string;
  text: string;
}

const MAX_PASSAGE = 900;

export async function splitDocument(
  format: "markdown" | "html" | "text",
  content: string,
  title: string,
): Promise<Passage[]> {
  const text =
    format === "html"
      ? await htmlToText(content)
      : format === "markdown"
        ? markdownToText(content)
        : content;
  const sections: { heading: string; body: string[] }[] = [{ heading: title, body: [] }];
  for (const line of text.split(/\r?\n/)) {
    const h = line.match(/^#{1,6}\s+(.*)$/);
    if (h) sections.push({ heading: h[1].trim(), body: [] });
    else sections[sections.length - 1].body.push(line);
  }
  const out: Passage[] = [];
  for (const s of sections) {
    const paragraphs = s.body
      .join("\n")
      .split(/\n\s*\n/)
      .map((p) => p.replace(/\s+/g, " ").trim())
      .filter(Boolean);
    let current = "";
    for (const p of paragraphs) {
      if (current && current.length + p.length + 1 > MAX_PASSAGE) {
        out.push({ heading: s.heading, text: current });
        current = "";
      }
      current = current ? `${current} ${p}` : p;
    }
    if (current) out.push({ heading: s.heading, text: current });
  }
  return out;
}

/** Keeps headings as `#` lines so sectioning works; drops emphasis, links' URLs, images, code fences. */
function markdownToText(md: string): string {
  return md
    .replace(/```[\s\S]*?```/g, "")
    .replace(/!\[[^\]]*\]\([^)]*\)/g, "")
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
    .replace(/(\*\*|__|\*|_|`)/g, "")
    .replace(/^\s*[-*+]\s+/gm, "")
    .replace(/^>\s?/gm, "");
}

/** HTML to text with the runtime's streaming HTMLRewriter: headings become `#` lines, blocks paragraphs. */
async function htmlToText(html: string): Promise<string> {
  let out = "";
  let skip = 0;
  const rewriter = new HTMLRewriter()
    .on("script, style, noscript, template", {
      element(el) {
        skip++;
        el.onEndTag(() => {
          skip--;
        });
      },
    })
    .on("h1, h2, h3, h4, h5, h6", {
      element(el) {
        out += "\n\n# ";
        el.onEndTag(() => {
          out += "\n";
        });
      },
    })
    .on("p, li, div, br, tr, section, article", {
      element() {
        out += "\n\n";
      },
    })
    .onDocument({
      text(t) {
        if (!skip) out += t.text;
      },
    });
  await rewriter.transform(new Response(html)).text();
  return out
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}
