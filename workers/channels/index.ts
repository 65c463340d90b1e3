/** Public surface of the channels module (adapters, registry, contract, helpers). */
export * from "./types";
export * from "./adapter";
export * from "./credentials";
export { channelAdapters, getAdapter, parseCredentials } from "./registry";
export { withRetries, backoffDelay } from "./retry";
export type { RetryOptions, RetryableResult } from "./retry";
export { whatsappAdapter, whatsappWindow, canSendFreeForm, buildWhatsAppPayload } from "./whatsapp";
export { messengerAdapter, instagramAdapter } from "./messenger";
export { telegramAdapter, answerTelegramCallbackQuery, registerTelegramWebhook, TELEGRAM_ALLOWED_UPDATES, CALLBACK_PREFIX } from "./telegram";
export { lineAdapter, verifyLineSignature, LINE_REPLY_TOKEN_TTL_MS } from "./line";
export { emailAdapter, buildReplyMime, createCloudflareMailer, createReplyMailer, replySubject, stripQuotedReply, ENVELOPE_FROM_HEADER, ENVELOPE_TO_HEADER } from "./email";
export { widgetAdapter, verifyWidgetIdentity, newVisitorId, isVisitorId, generateWidgetSecret, WidgetInboundSchema } from "./widget";
export { verifyHubSignature, metaHandshake } from "./meta";
export { checkMedia, mediaKindOf, MEDIA_LIMITS, EMAIL_ATTACHMENT_LIMIT, ALLOWED_MIME_TYPES } from "./media";
export { fetchPlatformMedia } from "./media-fetch";
export type { MediaSource, MediaFetchResult, FetchedMedia } from "./media-fetch";
export { signMediaUrl, verifyMediaUrl } from "./media-url";
export { randomToken as generateWebhookSecret } from "./crypto";
