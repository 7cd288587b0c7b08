import { useMemo, useState } from "react";
import { Provider, useQuery } from "urql";
import { graphqlClient } from "./client";
import { ViewerDocument } from "./documents";
import { hrefOf, useRoute } from "./route";
import { type Credential, loadCredential, saveCredential } from "./session";
import { ErrorNote } from "./ui";
import { ComplianceView } from "./views/Compliance";
import { FeedView } from "./views/Feed";
import { FulfilmentView } from "./views/Fulfilment";
import { PortalView } from "./views/Portal";
import { SignIn } from "./views/SignIn";
import { UnitView } from "./views/Unit";

export function App() {
  const [credential, setCredential] = useState<Credential | null>(() => loadCredential());
  const client = useMemo(() => (credential ? graphqlClient(credential) : null), [credential]);
  const signIn = (next: Credential | null) => {
    saveCredential(next);
    setCredential(next);
  };
  if (!credential || !client) return <SignIn onSignIn={signIn} />;
  return (
    <Provider value={client}>
      <Shell credential={credential} onSignOut={() => signIn(null)} />
    </Provider>
  );
}

const VIEWS = [
  { view: "feed", label: "Live movements" },
  { view: "unit", label: "Unit lookup" },
  { view: "portal", label: "Products & partners" },
  { view: "compliance", label: "Compliance" },
  { view: "fulfilment", label: "Fulfilment" },
] as const;

function Shell({ credential, onSignOut }: { credential: Credential; onSignOut: () => void }) {
  const route = useRoute();
  const [{ data, error }] = useQuery({ query: ViewerDocument });
  const viewer = data?.viewer;
  return (
    <>
      <header className="top">
        <span className="brand">tracehub</span>
        <nav aria-label="Views">
          <ul>
            {VIEWS.map((v) => (
              <li key={v.view}>
                <a href={hrefOf(v.view === "unit" ? { view: "unit", code: null } : { view: v.view })} aria-current={route.view === v.view ? "page" : undefined}>
                  {v.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who" data-testid="who">
          {viewer ? (
            <>
              <span>
                {viewer.organization ? <strong>{viewer.organization.name}</strong> : <strong>No organization</strong>} · {viewer.roles.join(", ")} ·{" "}
                {viewer.credential === "API_KEY" ? `API key (${(viewer.apiKeyScopes ?? []).join(", ")})` : "token"}
              </span>
            </>
          ) : error ? (
            <span>Not signed in properly</span>
          ) : (
            <span>…</span>
          )}
          <button type="button" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main">
        {error && <ErrorNote error={error} />}
        {route.view === "feed" && <FeedView credential={credential} />}
        {route.view === "unit" && <UnitView code={route.code} />}
        {route.view === "portal" && <PortalView />}
        {route.view === "compliance" && <ComplianceView credential={credential} />}
        {route.view === "fulfilment" && <FulfilmentView />}
      </main>
    </>
  );
}
