import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { auth } from "../../shared/api";
import type { Route } from "../../shared/router";
import { safeNext } from "../../shared/session";
import { nameFromEmail } from "../../../workers/lib/display-name";
import {
  ActionForm,
  ErrorNote,
  Field,
  formatDate,
  formValue,
  Loading,
  useAction,
  useAsync,
} from "../../shared/ui";

interface Props {
  route: Route;
  /** Called after a session cookie was set. */
  onSignedIn(next: string | null): Promise<void>;
}

function AuthFrame({
  title,
  children,
  lead,
}: {
  title: string;
  lead?: string;
  children: ComponentChildren;
}) {
  return (
    <main class="auth" id="main">
      <span class="brand">Edgedesk</span>
      <div class="card">
        <h1>{title}</h1>
        {lead && <p class="muted">{lead}</p>}
        {children}
      </div>
    </main>
  );
}

export function Login({ route, onSignedIn }: Props) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const act = useAction(async () => {
    await auth.login({ email, password });
    await onSignedIn(safeNext(route.params.get("next")));
  });
  return (
    <AuthFrame title="Sign in">
      <ActionForm action={act} submit="Sign in" busyLabel="Signing in…">
        <Field label="Email">
          <input
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onInput={(e) => setEmail(formValue(e))}
          />
        </Field>
        <Field label="Password">
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(formValue(e))}
          />
        </Field>
      </ActionForm>
      <p class="muted">
        <a href="#/forgot">Forgot your password?</a>
      </p>
      <p class="muted">
        New to Edgedesk? <a href="#/signup">Create an account</a>
      </p>
    </AuthFrame>
  );
}

const NAME_HINT = "Shoppers see it when you join a chat. Without one they see your company's name.";

/** On a local run the account mail is in the dashboard's outbox page rather than an inbox. */
function useHasOutbox(): boolean {
  const [hasOutbox, setHasOutbox] = useState(false);
  useEffect(() => {
    auth.outbox().then(
      () => setHasOutbox(true),
      () => setHasOutbox(false),
    );
  }, []);
  return hasOutbox;
}

function LocalOutboxNote() {
  return (
    <p class="muted">
      Running locally: the mail is in the <a href="#/outbox">local outbox</a> (and printed in the
      server's terminal).
    </p>
  );
}

export function Signup() {
  const [form, setForm] = useState({ company: "", name: "", email: "" });
  const [sent, setSent] = useState<string | null>(null);
  const hasOutbox = useHasOutbox();
  // The name follows the email until the person edits it: shoppers see it, so it is asked for, not guessed silently.
  const [nameEdited, setNameEdited] = useState(false);
  const set = (k: keyof typeof form) => (e: Parameters<typeof formValue>[0]) => {
    const v = formValue(e);
    if (k === "name") setNameEdited(true);
    setForm({
      ...form,
      [k]: v,
      ...(k === "email" && !nameEdited ? { name: nameFromEmail(v) } : {}),
    });
  };
  const act = useAction(async () => {
    setSent(
      (
        await auth.signup({
          company: form.company,
          email: form.email,
          name: form.name.trim() || undefined,
        })
      ).message,
    );
  });
  if (sent) {
    return (
      <AuthFrame title="Check your email" lead={`We sent a mail to ${form.email.trim()}.`}>
        <div role="status">
          <p>{sent}</p>
          {hasOutbox && <LocalOutboxNote />}
        </div>
        <p class="muted">
          Wrong address?{" "}
          <a href="#/signup" onClick={() => setSent(null)}>
            Start again
          </a>
        </p>
      </AuthFrame>
    );
  }
  return (
    <AuthFrame
      title="Create your account"
      lead="Set up AI-first support for your shop in a few minutes. We mail you a link to confirm the address and choose your password."
    >
      <ActionForm action={act} submit="Create account" busyLabel="Creating…">
        <Field label="Company">
          <input
            name="company"
            required
            maxLength={120}
            autoComplete="organization"
            value={form.company}
            onInput={set("company")}
          />
        </Field>
        <Field label="Work email">
          <input
            type="email"
            name="email"
            required
            autoComplete="email"
            value={form.email}
            onInput={set("email")}
          />
        </Field>
        <Field label="Your name" hint={NAME_HINT}>
          <input
            name="name"
            required
            maxLength={120}
            autoComplete="name"
            value={form.name}
            onInput={set("name")}
          />
        </Field>
      </ActionForm>
      <p class="muted">
        Already have an account? <a href="#/login">Sign in</a>
      </p>
    </AuthFrame>
  );
}

/**
 * The page a sign-up mail links to: the password is chosen here, by whoever holds the mailed link
 * (not by whoever asked for it), and the submit creates the account (a link scanner opening it creates nothing).
 */
export function SignupConfirm({ route, onSignedIn }: Props) {
  const token = route.params.get("token") ?? "";
  const [password, setPassword] = useState("");
  const act = useAction(async () => {
    await auth.confirmSignup({ token, password });
    await onSignedIn(null);
  });
  return (
    <AuthFrame
      title="Finish creating your account"
      lead="Your email address is confirmed by this link. Choose your password; the link works once, for 24 hours."
    >
      {!token && (
        <ErrorNote
          error={new Error("This sign-up link is incomplete. Sign up again for a new one.")}
        />
      )}
      <ActionForm action={act} submit="Create my account" busyLabel="Creating…" disabled={!token}>
        <Field label="Password" hint="At least 10 characters.">
          <input
            type="password"
            name="new-password"
            required
            minLength={10}
            autoComplete="new-password"
            value={password}
            onInput={(e) => setPassword(formValue(e))}
          />
        </Field>
      </ActionForm>
      <p class="muted">
        Link expired or used? <a href="#/signup">Sign up again</a> or <a href="#/login">sign in</a>.
      </p>
    </AuthFrame>
  );
}

export function AcceptInvite({ route, onSignedIn }: Props) {
  const token = route.params.get("token") ?? "";
  const [name, setName] = useState(() => nameFromEmail(route.params.get("email") ?? ""));
  const [password, setPassword] = useState("");
  const [from, setFrom] = useState<{ company: string; inviter: string | null } | null>(null);
  const [previewError, setPreviewError] = useState<unknown>(null);
  useEffect(() => {
    if (token) auth.invitePreview(token).then(setFrom, setPreviewError);
  }, [token]);
  const act = useAction(async () => {
    const s = await auth.acceptInvite({ token, password, name: name.trim() || undefined });
    // An agent's work is in the console; the owner's setup checklist is not theirs.
    await onSignedIn(s.user.role === "agent" ? "/console/" : null);
  });
  return (
    <AuthFrame
      title={from?.company ? `Join ${from.company}` : "Join your team"}
      lead="Choose a password to accept the invitation."
    >
      {from && (
        <p data-testid="invite-from">
          {from.inviter
            ? `${from.inviter} invited you to join ${from.company} on Edgedesk.`
            : `You were invited to join ${from.company} on Edgedesk.`}
        </p>
      )}
      {!token && (
        <ErrorNote error={new Error("This invitation link is incomplete. Ask for a new one.")} />
      )}
      {previewError ? <ErrorNote error={previewError} /> : null}
      <ActionForm action={act} submit="Accept invitation" disabled={!token}>
        <Field label="Your name" hint={NAME_HINT}>
          <input
            name="name"
            required
            autoComplete="name"
            maxLength={120}
            value={name}
            onInput={(e) => setName(formValue(e))}
          />
        </Field>
        <Field label="Password" hint="At least 10 characters.">
          <input
            type="password"
            name="password"
            required
            minLength={10}
            autoComplete="new-password"
            value={password}
            onInput={(e) => setPassword(formValue(e))}
          />
        </Field>
      </ActionForm>
    </AuthFrame>
  );
}

export function ForgotPassword() {
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState<string | null>(null);
  const hasOutbox = useHasOutbox();
  const act = useAction(async () => setSent((await auth.requestReset({ email })).message));
  return (
    <AuthFrame title="Reset your password" lead="We will mail you a link to choose a new one.">
      {sent ? (
        <div role="status">
          <p>{sent}</p>
          {hasOutbox && <LocalOutboxNote />}
        </div>
      ) : (
        <ActionForm action={act} submit="Send reset link">
          <Field label="Email">
            <input
              type="email"
              name="email"
              autoComplete="username"
              required
              value={email}
              onInput={(e) => setEmail(formValue(e))}
            />
          </Field>
        </ActionForm>
      )}
      <p class="muted">
        <a href="#/login">Back to sign in</a>
      </p>
    </AuthFrame>
  );
}

export function ResetPassword({ route, onSignedIn }: Props) {
  const token = route.params.get("token") ?? "";
  const [password, setPassword] = useState("");
  const act = useAction(async () => {
    await auth.confirmReset({ token, password });
    await onSignedIn(null);
  });
  return (
    <AuthFrame
      title="Choose a new password"
      lead="Every device signed in to your account will be signed out."
    >
      {!token && (
        <ErrorNote error={new Error("This reset link is incomplete. Ask for a new one.")} />
      )}
      <ActionForm action={act} submit="Set password and sign in" disabled={!token}>
        <Field label="New password" hint="At least 10 characters.">
          <input
            type="password"
            name="new-password"
            required
            minLength={10}
            autoComplete="new-password"
            value={password}
            onInput={(e) => setPassword(formValue(e))}
          />
        </Field>
      </ActionForm>
      <p class="muted">
        <a href="#/forgot">Ask for a new link</a>
      </p>
    </AuthFrame>
  );
}

/** Mail text with its links made clickable (only http and https). */
function MailText({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/\S+)/);
  return (
    <pre class="mail-text">
      {parts.map((p, i) =>
        i % 2 ? (
          <a key={i} href={p}>
            {p}
          </a>
        ) : (
          p
        ),
      )}
    </pre>
  );
}

/** The local outbox: account mail a local run keeps instead of sending (the server answers 404 elsewhere). */
export function Outbox() {
  const mails = useAsync(() => auth.outbox(), []);
  return (
    <AuthFrame title="Local outbox" lead="Mail this local server would have sent, newest first.">
      <ErrorNote error={mails.error} />
      {mails.loading && !mails.data ? (
        <Loading />
      ) : (mails.data?.mails ?? []).length === 0 ? (
        <p class="muted">No mail yet.</p>
      ) : (
        <ul class="outbox">
          {mails.data!.mails.map((m) => (
            <li key={m.id} aria-label={`Mail to ${m.to}: ${m.subject}`}>
              <p>
                <strong>{m.subject}</strong>
                <br />
                <span class="muted">
                  To {m.to} · {formatDate(m.createdAt)}
                </span>
              </p>
              <MailText text={m.text} />
            </li>
          ))}
        </ul>
      )}
      <p class="muted">
        <a href="#/login">Back to sign in</a>
      </p>
    </AuthFrame>
  );
}
