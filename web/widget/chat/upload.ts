import type { Attachment } from "../../../workers/wire/socket";

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** POST /api/widget/upload (multipart, field `file`) with the visitor token → the stored Attachment. */
export async function uploadImage(base: string, token: string, file: File): Promise<Attachment> {
  if (!file.type.startsWith("image/")) throw new Error("not an image");
  if (file.size > MAX_UPLOAD_BYTES) throw new Error("too large");
  const form = new FormData();
  form.append("file", file, file.name);
  const res = await fetch(`${base}/api/widget/upload`, {
    method: "POST",
    mode: "cors",
    credentials: "omit",
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const data = (await res.json()) as { attachment?: Attachment };
  if (!data.attachment || typeof data.attachment.key !== "string")
    throw new Error("no attachment in the response");
  return data.attachment;
}

/** Attachment URLs may be server-relative (`/media/…`); the shop's page is another origin. */
export function absoluteUrl(base: string, url: string | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url, base);
    return u.protocol === "https:" || u.protocol === "http:" ? u.href : null;
  } catch {
    return null;
  }
}
