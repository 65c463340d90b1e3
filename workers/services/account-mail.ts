/**
 * Mail from Edgedesk itself to a person (password-reset links, account notices), behind one small
 * interface. `ACCOUNT_MAIL = "email"` sends through the `EMAIL` send_email binding from
 * `ACCOUNT_MAIL_FROM`; otherwise ("outbox", the local default) the mail is kept in D1 and printed
 * to the terminal, which the dashboard's outbox page reads — but only on a loopback address, so a
 * deployment left on the local setting neither shows nor logs anyone's reset link.
 */
import { EmailMessage } from "cloudflare:email";
import { desc, lt } from "drizzle-orm";
import { createMimeMessage } from "mimetext/browser";
import type { Db } from "../db/client";
import { mailOutbox } from "../db/schema";
import { newId } from "../lib/ids";
import { log } from "../lib/log";

export interface AccountMail {
  to: string;
  subject: string;
  text: string;
}

/** Sends or records one mail; never throws (a reset request answers the same whatever happens to it). */
export interface AccountMailer {
  send(mail: AccountMail): Promise<void>;
}

export type AccountMailEnv = Pick<Env, "ACCOUNT_MAIL" | "ACCOUNT_MAIL_FROM"> & {
  EMAIL?: SendEmail;
};

const OUTBOX_KEEP_MS = 7 * 24 * 3600_000;

/** True for the addresses a local `wrangler dev` answers on; never a deployed hostname. */
export function isLoopbackOrigin(origin: string): boolean {
  const host = new URL(origin).hostname;
  return (
    host === "127.0.0.1" || host === "localhost" || host === "[::1]" || host.endsWith(".localhost")
  );
}

/** The local outbox is readable where account mail is not sent and the server answers on loopback. */
export function outboxEnabled(env: AccountMailEnv, origin: string): boolean {
  return env.ACCOUNT_MAIL !== "email" && isLoopbackOrigin(origin);
}

/** Where an invite mail would go: delivered ("email"), kept in the local outbox, or nowhere (null: share the link). */
export function inviteMailRoute(env: AccountMailEnv, origin: string): "email" | "outbox" | null {
  if (env.ACCOUNT_MAIL === "email") return env.EMAIL && env.ACCOUNT_MAIL_FROM ? "email" : null;
  return outboxEnabled(env, origin) ? "outbox" : null;
}

/** Picks the mailer once per request, from configuration and the address the request came to. */
export function accountMailer(env: AccountMailEnv, db: Db, origin: string): AccountMailer {
  if (env.ACCOUNT_MAIL === "email") return bindingMailer(env);
  if (outboxEnabled(env, origin)) return outboxMailer(db);
  return {
    async send(mail) {
      log("warn", "account_mail.not_configured", {
        subject: mail.subject,
        hint: 'set ACCOUNT_MAIL = "email" and ACCOUNT_MAIL_FROM to deliver account mail',
      });
    },
  };
}

function bindingMailer(env: AccountMailEnv): AccountMailer {
  return {
    async send(mail) {
      if (!env.EMAIL || !env.ACCOUNT_MAIL_FROM) {
        log("error", "account_mail.not_configured", {
          subject: mail.subject,
          hint: "ACCOUNT_MAIL = email needs the EMAIL binding and ACCOUNT_MAIL_FROM",
        });
        return;
      }
      const msg = createMimeMessage();
      msg.setSender({ name: "Edgedesk", addr: env.ACCOUNT_MAIL_FROM });
      msg.setRecipient(mail.to);
      msg.setSubject(mail.subject);
      msg.addMessage({ contentType: "text/plain", data: mail.text });
      try {
        await env.EMAIL.send(new EmailMessage(env.ACCOUNT_MAIL_FROM, mail.to, msg.asRaw()));
      } catch (err) {
        log("error", "account_mail.failed", {
          subject: mail.subject,
          error: err instanceof Error ? err.message : String(err),
        });
      }
    },
  };
}

function outboxMailer(db: Db): AccountMailer {
  return {
    async send(mail) {
      await db.insert(mailOutbox).values({ id: newId("mail"), ...mail });
      await db.delete(mailOutbox).where(lt(mailOutbox.createdAt, Date.now() - OUTBOX_KEEP_MS));
      // Local only (see outboxEnabled): the terminal is where a developer reads the link.
      console.log(`\n[local outbox] To: ${mail.to}\nSubject: ${mail.subject}\n\n${mail.text}\n`);
    },
  };
}

/** The newest local mail first. */
export async function listOutbox(db: Db, limit = 50) {
  return db
    .select()
    .from(mailOutbox)
    .orderBy(desc(mailOutbox.createdAt), desc(mailOutbox.id))
    .limit(limit);
}
