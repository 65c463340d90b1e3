import PostalMime from "postal-mime";
import type { Attachment, Email } from "postal-mime";
import type { InlineMedia, ParseResult } from "./adapter";
import { malformed } from "./adapter";
import { sha256Hex } from "../lib/crypto";
import { messageIds, parseBounce, parseFeedbackReport } from "./email-reports";
import { stripQuotedReply } from "./email-quotes";
import { errorMessage } from "./http";
import { mediaKindOf } from "./media";
import type { Media } from "./events";
import { lifecycleEvent, messageEvent, unknownEvent } from "./events";

const CHANNEL = "email" as const;
/** Headers the email() handler passes along with the raw message (envelope data is not in the MIME). */
export const ENVELOPE_FROM_HEADER = "x-envelope-from";
export const ENVELOPE_TO_HEADER = "x-envelope-to";

const header = (email: Email, key: string): string | undefined =>
  email.headers.find((h) => h.key === key)?.value;

/**
 * Parses one raw RFC 5322 message (the bytes of ForwardableEmailMessage.raw). Attachments come back as
 * bytes in `media`, keyed by the `platformId` used in the event, for the caller to store in R2.
 */
export async function parseEmail(rawBody: Uint8Array, headers: Headers): Promise<ParseResult> {
  if (rawBody.byteLength === 0) return malformed("empty message");
  let email: Email;
  try {
    email = await PostalMime.parse(rawBody, { attachmentEncoding: "arraybuffer" });
  } catch (err) {
    return malformed(`not a parsable MIME message: ${errorMessage(err)}`);
  }
  if (email.headers.length === 0) return malformed("no headers");

  const fromAddr =
    email.from && "address" in email.from && email.from.address ? email.from : undefined;
  const sender = (fromAddr?.address ?? headers.get(ENVELOPE_FROM_HEADER) ?? "").toLowerCase();
  const accountId = headers.get(ENVELOPE_TO_HEADER)?.toLowerCase() ?? firstAddress(email.to);
  const messageId =
    messageIds(email.messageId)[0] ??
    `<${(await sha256Hex(rawBody)).slice(0, 32)}@edgedesk.invalid>`;
  const parsedDate = email.date ? Date.parse(email.date) : NaN;
  const base = {
    channel: CHANNEL,
    timestamp: Number.isNaN(parsedDate) ? Date.now() : parsedDate,
  };

  /** Reports and robots' mail: kept for the agent as one lifecycle event, never answered. */
  const notice = (externalUserId: string, event: string, data: unknown): ParseResult => ({
    ok: true,
    events: [lifecycleEvent({ ...base, externalUserId, eventId: messageId, event, data })],
  });

  const contentType = (header(email, "content-type") ?? "").toLowerCase();
  const types = new Set(email.attachments.map((a) => a.mimeType));
  const textOf = (mime: string) => decodeText(email.attachments.find((a) => a.mimeType === mime));

  if (/report-type="?delivery-status/.test(contentType) || types.has("message/delivery-status")) {
    const report = parseBounce(textOf("message/delivery-status"), originalHeaders(email));
    return notice(report.recipients[0]?.recipient ?? (sender || "unknown"), "bounce", report);
  }
  if (/report-type="?feedback-report/.test(contentType) || types.has("message/feedback-report")) {
    const report = parseFeedbackReport(textOf("message/feedback-report"), originalHeaders(email));
    return notice(report.originalRcptTo ?? (sender || "unknown"), "abuse_report", report);
  }
  if (!sender)
    return {
      ok: true,
      events: [unknownEvent({ ...base, rawType: "email:no_sender" })],
    };

  const split = stripQuotedReply(email.text ?? htmlToText(email.html ?? ""));
  const threadKeys = {
    messageId,
    ...(messageIds(email.inReplyTo)[0] ? { inReplyTo: messageIds(email.inReplyTo)[0] } : {}),
    references: messageIds(email.references),
    ...(email.subject !== undefined ? { subject: email.subject } : {}),
  };
  const autoSubmitted = (header(email, "auto-submitted") ?? "no").toLowerCase();
  if (
    autoSubmitted !== "no" ||
    header(email, "x-autoreply") ||
    header(email, "x-autorespond") ||
    /auto_reply/i.test(header(email, "precedence") ?? "")
  ) {
    // Out-of-office and other robots: keep for the agent, never answer (that is how mail loops start).
    return notice(sender, "auto_reply", { subject: email.subject, text: split.shown, threadKeys });
  }

  const media: Record<string, InlineMedia> = {};
  const attachments: Media[] = [];
  for (const [i, att] of email.attachments.entries()) {
    const bytes = toBytes(att.content);
    const id = `${messageId}#${i}`;
    const name = att.filename ? { filename: att.filename } : {};
    media[id] = { bytes, mimeType: att.mimeType, size: bytes.byteLength, ...name };
    attachments.push({
      id,
      mimeType: att.mimeType,
      size: bytes.byteLength,
      name: att.filename || undefined,
    });
  }
  const type = split.shown
    ? "text"
    : attachments[0]
      ? mediaKindOf(attachments[0].mimeType ?? "")
      : "text";
  const contact = { email: sender, ...(fromAddr?.name ? { name: fromAddr.name } : {}) };
  return {
    ok: true,
    events: [
      messageEvent({
        ...base,
        externalUserId: sender,
        externalMessageId: messageId,
        contact,
        content: {
          type,
          text: split.shown,
          media: attachments,
          extra: { quotedText: split.quoted || undefined, threadKeys, accountId },
        },
      }),
    ],
    ...(attachments.length ? { media } : {}),
  };
}

function firstAddress(list: Email["to"]): string | undefined {
  const first = list?.[0];
  if (!first) return undefined;
  return (first.address ?? first.group?.[0]?.address)?.toLowerCase();
}

const toBytes = (content: Attachment["content"]): Uint8Array =>
  typeof content === "string"
    ? new TextEncoder().encode(content)
    : content instanceof Uint8Array
      ? content
      : new Uint8Array(content);

const decodeText = (att: Attachment | undefined): string =>
  att ? new TextDecoder().decode(toBytes(att.content)) : "";

/** Header block of the returned original message (report parts carry it as message/rfc822 or text/rfc822-headers). */
function originalHeaders(email: Email): string {
  const part = email.attachments.find(
    (a) => a.mimeType === "message/rfc822" || a.mimeType === "text/rfc822-headers",
  );
  const text = decodeText(part);
  return text.split(/\r?\n\r?\n/)[0] ?? "";
}

/** Fallback for HTML-only mail: visible text with tags, scripts and styles removed. */
function htmlToText(html: string): string {
  return html
    .replace(/<(script|style|head)[\s\S]*?<\/\1>/gi, "")
    .replace(/<br\s*\/?>|<\/(p|div|li|tr|h[1-6])>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
