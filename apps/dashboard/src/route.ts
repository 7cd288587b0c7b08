import { useEffect, useState } from "react";

/** The app's views, addressed by the URL's hash so that a view (and a unit page) can be linked and reloaded. */
export type Route = { view: "feed" } | { view: "unit"; code: string | null } | { view: "portal" } | { view: "compliance" } | { view: "fulfilment" };

export function parseRoute(hash: string): Route {
  const [, view = "", ...rest] = hash.replace(/^#/, "").split("/");
  if (view === "unit") return { view: "unit", code: rest.length ? decodeURIComponent(rest.join("/")) : null };
  if (view === "portal" || view === "compliance" || view === "fulfilment") return { view };
  return { view: "feed" };
}

export function hrefOf(route: Route): string {
  if (route.view === "unit") return route.code ? `#/unit/${encodeURIComponent(route.code)}` : "#/unit";
  return `#/${route.view}`;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  return route;
}
