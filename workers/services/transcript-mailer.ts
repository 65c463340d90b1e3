/**
 * Mail from a tenant (workflow transcripts) through the `EMAIL` send_email binding, sent from the
 * address of the tenant's email channel. Without the binding or the channel it reports why, as a
 * failed step in the run log, instead of pretending to send.
 */
import { EmailMessage } from "cloudflare:email";
import { and, eq } from "drizzle-orm";
import { createMimeMessage } from "mimetext/browser";
import { EmailCredentialsSchema } from "../channels/credentials";
import { getDb, inTenant } from "../db/client";
import { channels } from "../db/schema";
import { decryptJson } from "../lib/crypto";
import { log } from "../lib/log";
import type { Mail, Mailer } from "./ops-deps";

export function transcriptMailer(
  env: Pick<Env, "DB" | "ENCRYPTION_KEY"> & { EMAIL?: SendEmail },
): Mailer {
  return {
    async send(mail: Mail) {
      if (!env.EMAIL) {
        log("warn", "ops.mail_not_configured", { tenantId: mail.tenantId });
        return {
          ok: false,
          code: "EMAIL_NOT_CONFIGURED",
          message: "email sending not configured: add a send_email binding named EMAIL",
        };
      }
      const row = await getDb(env.DB).query.channels.findFirst({
        where: inTenant(
          channels,
          mail.tenantId,
          and(eq(channels.type, "email"), eq(channels.status, "active")),
        ),
      });
      const creds = row
        ? EmailCredentialsSchema.safeParse(
            await decryptJson<unknown>(env.ENCRYPTION_KEY, row.credentialsEnc),
          )
        : null;
      if (!creds?.success)
        return {
          ok: false,
          code: "NO_EMAIL_CHANNEL",
          message: "Connect an email channel: transcripts are sent from its address.",
        };
      const msg = createMimeMessage();
      msg.setSender(
        creds.data.displayName
          ? { name: creds.data.displayName, addr: creds.data.address }
          : { addr: creds.data.address },
      );
      msg.setRecipient(mail.to);
      msg.setSubject(mail.subject);
      msg.addMessage({ contentType: "text/plain", data: mail.text });
      try {
        await env.EMAIL.send(new EmailMessage(creds.data.address, mail.to, msg.asRaw()));
        return { ok: true };
      } catch (err) {
        return {
          ok: false,
          code: "EMAIL_SEND_FAILED",
          message: err instanceof Error ? err.message : String(err),
        };
      }
    },
  };
}
