/**
 * What the loader (always on the shop's page) and the chat (fetched on first open) pass each other.
 * Types only: the two scripts are built separately and meet at `window.EdgedeskChat`.
 */
import type { Message } from "../../workers/wire/socket";
import type { HeaderLineKey, StatusLineKey } from "../../workers/wire/widget-texts";

export interface WidgetConfig {
  /** One text, or one per language (`{en: "Hi!", es: "¡Hola!"}`). */
  greeting?: string | Record<string, string> | null;
  color?: string | null;
  position?: string | null;
  logoUrl?: string | null;
  persona?: string | null;
  languages?: string[];
  quickReplies?: string[];
  title?: string | null;
  /** The merchant's wording of the status lines and the header's lines, in the shopper's language. */
  statusLines?: Partial<Record<StatusLineKey | HeaderLineKey, string>>;
}

/** POST /api/widget/session → this. */
export interface WidgetSession {
  visitorToken: string;
  conversationId: string | null;
  config: WidgetConfig;
}

export interface Identity {
  userId: string;
  hash: string;
  name?: string;
  email?: string;
}

export type WidgetEvent = "message" | "open" | "close" | "ready" | "unread";

export interface ChatHost {
  /** Origin of the Edgedesk server, e.g. `https://support.example`. */
  base: string;
  publicKey: string;
  language: string;
  shadow: ShadowRoot;
  /** The panel the chat renders into (inside the shadow root). */
  panel: HTMLElement;
  session: WidgetSession;
  close(): void;
  emit(event: WidgetEvent, data?: unknown): void;
}

export interface ChatController {
  /** The panel became visible (focus the composer, mark messages read). */
  shown(): void;
  hidden(): void;
  /** A new session (identify() was called): reconnect as that visitor. */
  setSession(session: WidgetSession): void;
}

export interface ChatModule {
  mount(host: ChatHost): ChatController;
}

export type MessageListener = (message: Message) => void;
