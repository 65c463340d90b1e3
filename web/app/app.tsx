import type { FunctionComponent } from "preact";
import { useEffect, useRef } from "preact/hooks";
import type { Me, Role } from "../shared/api-types";
import { navigate, useRoute, type Route } from "../shared/router";
import { hasRole, useSession } from "../shared/session";
import { ErrorNote, Loading, Notice } from "../shared/ui";
import { AiPage } from "./pages/ai";
import { AiAgentsPage } from "./pages/ai-agents";
import { AnalyticsPage } from "./pages/analytics";
import { ApiKeysPage } from "./pages/api-keys";
import { AuditPage } from "./pages/audit";
import { AccountPage } from "./pages/account";
import {
  AcceptInvite,
  ForgotPassword,
  Login,
  Outbox,
  ResetPassword,
  Signup,
  SignupConfirm,
} from "./pages/auth";
import { ChannelsPage } from "./pages/channels";
import { StoresPage } from "./pages/stores";
import { HomePage } from "./pages/home";
import { KnowledgePage } from "./pages/knowledge";
import { LeadsPage } from "./pages/leads";
import { TeamPage } from "./pages/team";
import { WidgetPage } from "./pages/widget";
import { BroadcastsPage } from "./pages/broadcasts";
import { DataPage } from "./pages/data";
import { UsagePage } from "./pages/usage";
import { WebhooksPage } from "./pages/webhooks";
import { WorkflowsPage } from "./pages/workflows";

export interface PageProps {
  me: Me;
  route: Route;
}

interface NavItem {
  path: string;
  label: string;
  min: Role;
  page: FunctionComponent<PageProps>;
}

/** Every dashboard page, its nav label and the lowest role that may open it. */
export const NAV: NavItem[] = [
  { path: "/", label: "Get started", min: "viewer", page: HomePage },
  { path: "/channels", label: "Channels", min: "admin", page: ChannelsPage },
  { path: "/stores", label: "Stores", min: "admin", page: StoresPage },
  { path: "/knowledge", label: "Knowledge", min: "agent", page: KnowledgePage },
  { path: "/ai", label: "AI settings", min: "admin", page: AiPage },
  { path: "/ai-agents", label: "AI agents", min: "admin", page: AiAgentsPage },
  { path: "/widget", label: "Widget", min: "admin", page: WidgetPage },
  { path: "/team", label: "Team", min: "viewer", page: TeamPage },
  { path: "/api-keys", label: "API keys", min: "admin", page: ApiKeysPage },
  { path: "/audit", label: "Audit log", min: "admin", page: AuditPage },
  { path: "/leads", label: "Leads", min: "agent", page: LeadsPage },
  { path: "/analytics", label: "Analytics", min: "viewer", page: AnalyticsPage },
  { path: "/workflows", label: "Workflows", min: "admin", page: WorkflowsPage },
  { path: "/broadcasts", label: "Broadcasts", min: "admin", page: BroadcastsPage },
  { path: "/webhooks", label: "Webhooks", min: "admin", page: WebhooksPage },
  { path: "/usage", label: "Usage", min: "viewer", page: UsagePage },
  { path: "/data", label: "Data and privacy", min: "admin", page: DataPage },
  { path: "/account", label: "Your account", min: "viewer", page: AccountPage },
];

const PUBLIC: Record<string, typeof Login> = {
  "/login": Login,
  "/signup": Signup,
  "/signup/confirm": SignupConfirm,
  "/accept": AcceptInvite,
  "/forgot": ForgotPassword,
  "/reset": ResetPassword,
  "/outbox": Outbox,
};

export function App() {
  const route = useRoute();
  const session = useSession();
  const Public = PUBLIC[route.path];
  const signedIn = async (next: string | null) => {
    await session.refresh();
    if (next?.startsWith("/console/")) location.href = next;
    else navigate(next?.replace(/^\/app\/#?/, "") || "/");
  };
  // Signed out on a private page: go to sign-in and come back afterwards.
  useEffect(() => {
    if (!session.loading && !session.me && !Public && !session.error)
      navigate(`/login?next=${encodeURIComponent(`/app/#${route.path}`)}`);
  }, [session.loading, session.me, Public, route.path]);

  if (Public) return <Public route={route} onSignedIn={signedIn} />;
  if (session.loading && !session.me) return <Loading />;
  if (!session.me)
    return (
      <main id="main">{session.error ? <ErrorNote error={session.error} /> : <Loading />}</main>
    );
  return (
    <Shell
      me={session.me}
      route={route}
      onSignOut={async () => {
        await session.signOut();
        navigate("/login");
      }}
    />
  );
}

function Shell({ me, route, onSignOut }: { me: Me; route: Route; onSignOut(): void }) {
  const item = NAV.find((n) => n.path === route.path);
  const first = useRef(true);
  useEffect(() => {
    // After an in-app navigation, move focus to the new heading so screen readers announce it;
    // on first load focus stays at the top of the document, where the skip link is.
    if (first.current) first.current = false;
    else document.getElementById("page-title")?.focus({ preventScroll: true });
  }, [route.path]);
  return (
    <div class="shell">
      <a
        class="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById("main")?.focus();
        }}
      >
        Skip to content
      </a>
      <header class="topbar">
        <span class="brand">Edgedesk</span>
        <span class="tenant" title="Workspace">
          {me.tenant.name}
        </span>
        <span class="spacer" />
        <a class="btn btn-secondary btn-small" href="/console/">
          Open console
        </a>
        <span class="who">{me.user?.email}</span>
        <button type="button" class="btn btn-ghost btn-small" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <nav class="sidenav" aria-label="Dashboard">
        <ul>
          {NAV.filter((n) => hasRole(me.role, n.min)).map((n) => (
            <li key={n.path}>
              <a
                href={`#${n.path}`}
                class="btn btn-ghost"
                aria-current={route.path === n.path ? "page" : undefined}
              >
                {n.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" class="main" tabIndex={-1}>
        {!item && (
          <Notice kind="warn">
            This page does not exist. <a href="#/">Go to the start page</a>.
          </Notice>
        )}
        {item && !hasRole(me.role, item.min) && (
          <Notice kind="warn">
            Your role ({me.role}) cannot open {item.label}. Ask an admin.
          </Notice>
        )}
        {item && hasRole(me.role, item.min) && <item.page me={me} route={route} />}
      </main>
    </div>
  );
}
