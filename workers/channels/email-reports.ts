/**
 * Machine-readable parts of delivery status notifications (RFC 3464) and abuse feedback reports
 * (ARF, RFC 5965). Both are `name: value` header blocks.
 */
type Fields = Map<string, string[]>;

/** Splits header-style text into blocks (blank-line separated) of lowercased field → values. */
function fieldBlocks(text: string): Fields[] {
  return text
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n/)
    .map((block) => {
      const fields: Fields = new Map();
      // Continuation lines (leading whitespace) belong to the previous field.
      for (const line of block.replace(/\n[ \t]+/g, " ").split("\n")) {
        const m = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
        if (!m) continue;
        const key = m[1].toLowerCase();
        fields.set(key, [...(fields.get(key) ?? []), m[2].trim()]);
      }
      return fields;
    })
    .filter((f) => f.size > 0);
}

const first = (f: Fields | undefined, key: string) => f?.get(key)?.[0];
/** `rfc822; a@b.c` → `a@b.c`; `<a@b.c>` → `a@b.c`. */
const address = (v: string | undefined) =>
  v
    ?.replace(/^[a-z0-9-]+;\s*/i, "")
    .replace(/^<|>$/g, "")
    .trim()
    .toLowerCase() || undefined;
const messageIdOf = (headers: string) =>
  messageIds(first(fieldBlocks(headers)[0], "message-id"))[0];

/** `<a@b> <c@d>` → [`<a@b>`, `<c@d>`]; bare ids get brackets so they match Message-ID headers. */
export function messageIds(value: string | undefined): string[] {
  if (!value) return [];
  const bracketed = value.match(/<[^<>\s]+>/g);
  if (bracketed) return bracketed;
  return value
    .split(/\s+/)
    .filter((v) => v.includes("@"))
    .map((v) => `<${v}>`);
}

export type BounceReport = {
  reportingMta?: string;
  recipients: { recipient: string; action?: string; status?: string; diagnostic?: string }[];
  /** Message-ID of our message that bounced, to mark it failed. */
  originalMessageId?: string;
  permanent: boolean;
};

export function parseBounce(deliveryStatus: string, originalHeaders: string): BounceReport {
  const [perMessage, ...perRecipient] = fieldBlocks(deliveryStatus);
  const recipients = perRecipient.flatMap((f) => {
    const recipient = address(first(f, "final-recipient") ?? first(f, "original-recipient"));
    return recipient
      ? [
          {
            recipient,
            action: first(f, "action"),
            status: first(f, "status"),
            diagnostic: first(f, "diagnostic-code"),
          },
        ]
      : [];
  });
  return {
    reportingMta: first(perMessage, "reporting-mta")?.replace(/^dns;\s*/i, ""),
    recipients,
    originalMessageId: messageIdOf(originalHeaders),
    // 5.x.x statuses are permanent failures; 4.x.x are delays the MTA is still retrying.
    permanent: recipients.some((r) => r.action === "failed" || r.status?.startsWith("5")),
  };
}

export type FeedbackReport = {
  feedbackType?: string;
  userAgent?: string;
  originalMailFrom?: string;
  originalRcptTo?: string;
  arrivalDate?: string;
  sourceIp?: string;
  reportedDomain?: string;
  originalMessageId?: string;
};

export function parseFeedbackReport(report: string, originalHeaders: string): FeedbackReport {
  const f = fieldBlocks(report)[0];
  return {
    feedbackType: first(f, "feedback-type")?.toLowerCase(),
    userAgent: first(f, "user-agent"),
    originalMailFrom: address(first(f, "original-mail-from")),
    originalRcptTo: address(first(f, "original-rcpt-to") ?? first(f, "removal-recipient")),
    arrivalDate: first(f, "arrival-date") ?? first(f, "received-date"),
    sourceIp: first(f, "source-ip"),
    reportedDomain: first(f, "reported-domain"),
    originalMessageId: messageIdOf(originalHeaders),
  };
}
