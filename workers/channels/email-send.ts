import { EmailMessage } from "cloudflare:email";
// The browser build: CRLF line endings (SMTP requires them) and no Node built-ins. The default Node
// entry uses os.EOL ("\n") and mime-types.
import { createMimeMessage } from "mimetext/browser";
import { addressParser } from "postal-mime";
import type { Mailer, OutboundMessage, SendContext, SendResult } from "./adapter";
import { invalidOutbound } from "./adapter";
import type { EmailCredentials } from "./credentials";
import { errorMessage } from "./http";
import { EMAIL_ATTACHMENT_LIMIT } from "./media";

/** `Order 1234` → `Re: Order 1234`; leaves `Re:`/`RE:`/`Aw:` subjects alone so threads do not grow prefixes. */
export function replySubject(subject: string): string {
  const s = subject.trim();
  return /^(re|aw|sv|antw):/i.test(s) ? s : `Re: ${s || "(no subject)"}`;
}

/** Base64 with 76-character lines (RFC 2045). */
function base64Lines(bytes: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000)
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return (btoa(bin).match(/.{1,76}/g) ?? []).join("\r\n");
}

export type ReplyMime = { raw: string; messageId: string };

/**
 * Builds the reply MIME: From is always the channel address (display name may vary), and
 * In-Reply-To/References point at the shopper's message so it threads in their client.
 */
export function buildReplyMime(
  out: OutboundMessage,
  creds: EmailCredentials,
  opts: {
    messageId?: string;
    attachment?: { bytes: Uint8Array; mimeType: string; filename: string };
  } = {},
): ReplyMime {
  const domain = creds.address.split("@")[1];
  const messageId = opts.messageId ?? `<${crypto.randomUUID()}@${domain}>`;
  const display = out.email?.from ? addressParser(out.email.from)[0]?.name : undefined;
  const name = display || creds.displayName;
  const inReplyTo = out.email?.inReplyTo;
  const references = [
    ...new Set([...(out.email?.references ?? []), ...(inReplyTo ? [inReplyTo] : [])]),
  ];

  const msg = createMimeMessage();
  msg.setSender(name ? { name, addr: creds.address } : { addr: creds.address });
  msg.setRecipient(out.to);
  msg.setSubject(
    inReplyTo ? replySubject(out.email?.subject ?? "") : (out.email?.subject ?? "Your request"),
  );
  msg.setHeader("Message-ID", messageId);
  if (inReplyTo) msg.setHeader("In-Reply-To", inReplyTo);
  if (references.length) msg.setHeader("References", references.join(" "));
  const encoder = new TextEncoder();
  msg.addMessage({
    contentType: "text/plain",
    encoding: "base64",
    data: base64Lines(encoder.encode(out.text ?? "")),
  });
  if (out.email?.html)
    msg.addMessage({
      contentType: "text/html",
      encoding: "base64",
      data: base64Lines(encoder.encode(out.email.html)),
    });
  if (opts.attachment) {
    msg.addAttachment({
      filename: opts.attachment.filename,
      contentType: opts.attachment.mimeType,
      data: base64Lines(opts.attachment.bytes),
    });
  }
  return { raw: msg.asRaw(), messageId };
}

/** Downloads `out.media` for attaching, within the 25 MiB email limit. */
async function fetchAttachment(
  media: NonNullable<OutboundMessage["media"]>,
  fetchFn: typeof fetch,
) {
  let res: Response;
  try {
    res = await fetchFn(media.url);
  } catch (err) {
    return {
      ok: false as const,
      failure: {
        ok: false as const,
        retryable: true,
        status: 0,
        code: "NETWORK_ERROR",
        message: errorMessage(err),
      },
    };
  }
  if (!res.ok)
    return {
      ok: false as const,
      failure: {
        ok: false as const,
        retryable: res.status >= 500 || res.status === 429,
        status: res.status,
        code: "MEDIA_FETCH_FAILED",
        message: `attachment download failed: HTTP ${res.status}`,
      },
    };
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (bytes.byteLength > EMAIL_ATTACHMENT_LIMIT)
    return {
      ok: false as const,
      failure: invalidOutbound("MEDIA_TOO_LARGE", `attachment is ${bytes.byteLength} bytes`),
    };
  const filename = media.filename ?? (new URL(media.url).pathname.split("/").pop() || "attachment");
  return { ok: true as const, attachment: { bytes, mimeType: media.mimeType, filename } };
}

/** Sends a reply through `ctx.mailer`; the returned id is our Message-ID (what the shopper's reply will reference). */
export async function sendEmail(
  out: OutboundMessage,
  creds: EmailCredentials,
  ctx: SendContext,
): Promise<SendResult> {
  if (!ctx.mailer)
    return invalidOutbound("NO_MAILER", "email sending needs a mailer (send_email binding)");
  if (out.template) return invalidOutbound("UNSUPPORTED_CONTENT", "email has no message templates");
  let attachment: { bytes: Uint8Array; mimeType: string; filename: string } | undefined;
  if (out.media) {
    const got = await fetchAttachment(out.media, ctx.fetch);
    if (!got.ok) return got.failure;
    attachment = got.attachment;
  }
  const { raw, messageId } = buildReplyMime(out, creds, { attachment });
  try {
    await ctx.mailer.send({ from: creds.address, to: out.to, raw });
  } catch (err) {
    const message = errorMessage(err);
    // Configuration problems (unverified destination, sender outside the zone) will not fix themselves.
    const permanent = /not verified|not allowed|invalid|unknown|forbidden/i.test(message);
    return {
      ok: false,
      retryable: !permanent,
      status: 0,
      code: permanent ? "EMAIL_REJECTED" : "EMAIL_SEND_FAILED",
      message,
    };
  }
  return { ok: true, externalMessageId: messageId };
}

/** Mailer over the `send_email` binding. */
export function createCloudflareMailer(binding: SendEmail): Mailer {
  return {
    async send({ from, to, raw }) {
      await binding.send(new EmailMessage(from, to, raw));
    },
  };
}

/** Mailer that answers an inbound message in place (ForwardableEmailMessage.reply) from the email() handler. */
export function createReplyMailer(inbound: Pick<ForwardableEmailMessage, "reply">): Mailer {
  return {
    async send({ from, to, raw }) {
      await inbound.reply(new EmailMessage(from, to, raw));
    },
  };
}
