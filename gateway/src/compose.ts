import { composeServices } from "@apollo/composition";
import { parse } from "graphql";

/** One subgraph's SDL for composition. */
export interface SubgraphSdl {
  name: string;
  /** The URL written into the supergraph (deployments override it at run time). */
  url: string;
  sdl: string;
}

/** The subgraphs of tracehub and their default URLs. */
export const SUBGRAPHS = [
  { name: "units", url: "http://127.0.0.1:4001/graphql" },
  { name: "orders", url: "http://127.0.0.1:4002/graphql" },
  { name: "suppliers", url: "http://127.0.0.1:4003/graphql" },
  { name: "compliance", url: "http://127.0.0.1:4004/graphql" },
] as const;

/** The name of a tracehub subgraph. */
export type SubgraphName = (typeof SUBGRAPHS)[number]["name"];

/** Composes the supergraph SDL; composition errors throw with every message. */
export function composeSupergraph(subgraphs: SubgraphSdl[]): string {
  const result = composeServices(subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.sdl) })));
  if (result.errors || !result.supergraphSdl) {
    throw new Error(`Supergraph composition failed:\n${(result.errors ?? []).map((e) => `  ${e.message}`).join("\n")}`);
  }
  return `${result.supergraphSdl.trim()}\n`;
}
