/** A fetch double that records requests and answers from a queue (test-only). */
export type RecordedRequest = {
  url: string;
  method: string;
  headers: Headers;
  body: string | null;
  json: unknown;
};

export type MockFetch = typeof fetch & { calls: RecordedRequest[] };

type Reply = Response | (() => Response) | Error;

export function mockFetch(...replies: Reply[]): MockFetch {
  const calls: RecordedRequest[] = [];
  const queue = [...replies];
  const fn = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const req = new Request(input, init);
    const body = req.body ? await req.text() : null;
    let json: unknown = undefined;
    try {
      json = body ? JSON.parse(body) : undefined;
    } catch {
      json = undefined;
    }
    calls.push({ url: req.url, method: req.method, headers: req.headers, body, json });
    const next = queue.shift();
    if (next === undefined) throw new Error(`unexpected request ${req.method} ${req.url}`);
    if (next instanceof Error) throw next;
    return typeof next === "function" ? next() : next;
  };
  return Object.assign(fn, { calls }) as MockFetch;
}

export const jsonResponse = (
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
): Response =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
