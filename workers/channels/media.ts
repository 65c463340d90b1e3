/** Size limits and allowed types for media we accept and store. */
export type MediaKind = "image" | "audio" | "video" | "document";

const MB = 1024 * 1024;

/** Per-kind byte limits (the strictest platform limits we relay to, WhatsApp's). */
export const MEDIA_LIMITS: Record<MediaKind, number> = {
  image: 10 * MB,
  audio: 16 * MB,
  video: 16 * MB,
  document: 100 * MB,
};
/** Email attachments are capped by the mail path (Email Routing accepts 25 MiB messages). */
export const EMAIL_ATTACHMENT_LIMIT = 25 * MB;

export const ALLOWED_MIME_TYPES: Record<MediaKind, readonly string[]> = {
  image: ["image/jpeg", "image/png", "image/webp", "image/gif", "image/heic", "image/heif"],
  audio: [
    "audio/aac",
    "audio/mp4",
    "audio/mpeg",
    "audio/amr",
    "audio/ogg",
    "audio/opus",
    "audio/wav",
    "audio/x-m4a",
    "audio/webm",
  ],
  video: ["video/mp4", "video/3gpp", "video/quicktime", "video/webm", "video/mpeg"],
  document: [
    "application/pdf",
    "text/plain",
    "text/csv",
    "text/calendar",
    "application/ics",
    "application/rtf",
    "application/zip",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
  ],
};

/** `Audio/OGG; codecs=opus` → `audio/ogg`. */
export const normalizeMime = (mime: string): string => mime.split(";")[0].trim().toLowerCase();

/** The kind a mime type belongs to for limits and sending; unknown types count as documents. */
export function mediaKindOf(mime: string): MediaKind {
  const m = normalizeMime(mime);
  if (m.startsWith("image/")) return "image";
  if (m.startsWith("audio/")) return "audio";
  if (m.startsWith("video/")) return "video";
  return "document";
}

export type MediaCheck =
  | { ok: true; kind: MediaKind; mimeType: string; limit: number }
  | {
      ok: false;
      code: "MEDIA_TYPE_NOT_ALLOWED" | "MEDIA_TOO_LARGE";
      message: string;
      limit?: number;
    };

/**
 * Whether a file may be stored: its type must be on the allow-list and its size under the kind's limit
 * (and the 25 MiB email cap when `source` is "email"). `size` may be omitted before the bytes are known.
 */
export function checkMedia(input: {
  mimeType: string;
  size?: number;
  source?: "email" | "platform";
}): MediaCheck {
  const mimeType = normalizeMime(input.mimeType);
  const kind = mediaKindOf(mimeType);
  if (!ALLOWED_MIME_TYPES[kind].includes(mimeType)) {
    return {
      ok: false,
      code: "MEDIA_TYPE_NOT_ALLOWED",
      message: `${mimeType} is not an allowed ${kind} type`,
    };
  }
  // Email caps the whole attachment at 25 MiB on top of the per-kind limit.
  const limit =
    input.source === "email"
      ? Math.min(EMAIL_ATTACHMENT_LIMIT, MEDIA_LIMITS[kind])
      : MEDIA_LIMITS[kind];
  if (input.size !== undefined && input.size > limit) {
    return {
      ok: false,
      code: "MEDIA_TOO_LARGE",
      message: `${input.size} bytes exceeds the ${kind} limit of ${limit}`,
      limit,
    };
  }
  return { ok: true, kind, mimeType, limit };
}
