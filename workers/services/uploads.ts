/**
 * Files a shopper (widget) or an agent (console) attaches to a message. The bytes go to R2 under the
 * conversation's prefix first; the message frame that follows names the key, and the conversation
 * accepts only keys under its own prefix, so nobody can attach another conversation's media.
 */
import { checkMedia, type MediaKind } from "../channels/media";
import { mediaPrefix, mediaUrlExpiry, signMediaUrl } from "../channels/media-url";
import type { Db } from "../db/client";
import { ApiError } from "../lib/errors";
import type { Attachment } from "../wire/socket";
import { findIdentity } from "./contacts";
import { nextConversationId, openWidgetConversation } from "./widget-intake";
import { conversationStub } from "./conversations";
import { refundLimit, takeLimits } from "./rate-limit";
import { verifyVisitorToken, widgetChannelOf } from "./widget";

/** A shopper sends a handful of photos, not a gallery: per visitor, per hour. */
const VISITOR_UPLOADS_PER_HOUR = 30;

/** The request as Hono hands it over (its body reads are cached). */
export interface FormRequest {
  header(name: string): string | undefined;
  formData(): Promise<FormData>;
}

/** Reads the multipart field `file`; a clear error for anything else. */
export async function formFile(req: FormRequest): Promise<File> {
  if (!(req.header("content-type") ?? "").toLowerCase().startsWith("multipart/form-data")) {
    throw new ApiError(
      "UNSUPPORTED_MEDIA_TYPE",
      "Send the file as multipart/form-data in a field named `file`.",
    );
  }
  let form: FormData;
  try {
    form = await req.formData();
  } catch {
    throw new ApiError("BAD_REQUEST", "The multipart body could not be read.");
  }
  const file = form.get("file");
  if (!file || typeof file === "string")
    throw new ApiError("VALIDATION_FAILED", "The form has no file in the field `file`.");
  return file;
}

export async function storeUpload(
  env: Pick<Env, "MEDIA" | "SIGNING_KEY">,
  tenantId: string,
  conversationId: string,
  file: File,
  kinds: readonly MediaKind[],
  now = Date.now(),
): Promise<Attachment> {
  const check = checkMedia({ mimeType: file.type || "application/octet-stream", size: file.size });
  if (!check.ok) {
    if (check.code === "MEDIA_TOO_LARGE")
      throw new ApiError(
        "PAYLOAD_TOO_LARGE",
        `The file is too large (${check.limit} bytes at most for this kind).`,
      );
    throw new ApiError(
      "UNSUPPORTED_MEDIA_TYPE",
      `${file.type || "This file type"} cannot be attached.`,
    );
  }
  if (!kinds.includes(check.kind))
    throw new ApiError(
      "UNSUPPORTED_MEDIA_TYPE",
      `Only ${kinds.join(", ")} files can be attached here.`,
    );
  if (file.size === 0) throw new ApiError("VALIDATION_FAILED", "The file is empty.");
  const name = (file.name || `${check.kind}-upload`)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this strips from file names
    .replace(/[\u0000-\u001f/\\]/g, "_")
    .slice(0, 255);
  const key = `${mediaPrefix(tenantId, conversationId)}up-${crypto.randomUUID()}`;
  await env.MEDIA.put(key, await file.arrayBuffer(), {
    httpMetadata: {
      contentType: check.mimeType,
      contentDisposition: `${check.kind === "image" ? "inline" : "attachment"}; filename*=UTF-8''${encodeURIComponent(name)}`,
    },
    customMetadata: { tenantId, conversationId, source: "upload" },
  });
  return {
    key,
    name,
    mimeType: check.mimeType,
    size: file.size,
    url: await signMediaUrl(key, mediaUrlExpiry(now), env.SIGNING_KEY),
  };
}

/** The widget's image upload: the visitor token names the visitor, whose open conversation receives the file. */
export async function widgetUpload(
  db: Db,
  env: Env,
  token: string | undefined,
  req: FormRequest,
): Promise<Attachment> {
  const claims = token ? await verifyVisitorToken(env.SIGNING_KEY, token) : null;
  if (!claims)
    throw new ApiError(
      "UNAUTHENTICATED",
      "Start a widget session first; the visitor token is missing, invalid or expired.",
    );
  const channel = await widgetChannelOf(db, env, claims.t, req.header("origin"));
  if (channel.channelId !== claims.c)
    throw new ApiError("UNAUTHENTICATED", "This visitor token belongs to another widget.");
  const limit = {
    key: `upload:${claims.t}:${claims.x}`,
    max: VISITOR_UPLOADS_PER_HOUR,
    windowMs: 3600_000,
  };
  await takeLimits(db, [limit]);
  try {
    const file = await formFile(req);
    // The same conversation the visitor's socket waits in: a photo may be the first thing they send.
    const key = {
      tenantId: claims.t,
      channelId: channel.channelId,
      channelType: "widget" as const,
      externalId: claims.x,
    };
    const next = await nextConversationId(
      env.SIGNING_KEY,
      key,
      (await findIdentity(db, key))?.conversationId ?? null,
    );
    const meta = await openWidgetConversation(db, {
      conversationId: next,
      tenantId: key.tenantId,
      channelId: key.channelId,
      externalId: key.externalId,
      language: claims.l ?? null,
      country: null,
    });
    await conversationStub(env, meta.conversationId).init(meta);
    return await storeUpload(env, claims.t, meta.conversationId, file, ["image"]);
  } catch (err) {
    // The limit is on stored files: a refused one gives its attempt back.
    await refundLimit(db, limit.key);
    throw err;
  }
}
