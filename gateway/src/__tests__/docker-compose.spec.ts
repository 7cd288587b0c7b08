import { readFileSync } from "node:fs";
import path from "node:path";
import { ENV_KEYS as COMPLIANCE_KEYS } from "@tracehub/compliance";
import { GATEWAY_ENV_KEYS, SUBGRAPHS } from "@tracehub/gateway";
import { ENV_KEYS as ORDERS_KEYS } from "@tracehub/orders";
import { ENV_KEYS as SUPPLIERS_KEYS } from "@tracehub/suppliers";
import { ENV_KEYS as UNITS_KEYS } from "@tracehub/units";
import { parse } from "yaml";

// Docker does not run on the development machines, so the compose file is checked against the code here.
const root = path.resolve(__dirname, "../../..");
const compose = parse(readFileSync(path.join(root, "docker-compose.yml"), "utf8"), { merge: true }) as {
  services: Record<string, { command?: string[]; environment?: Record<string, string>; ports?: string[]; depends_on?: unknown }>;
};
const serviceKeys: Record<string, string[]> = { units: UNITS_KEYS, orders: ORDERS_KEYS, suppliers: SUPPLIERS_KEYS, compliance: COMPLIANCE_KEYS };
// The heap limits npm start gives each process (scripts/lib.js): the compose file gives the same.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { heapFlags } = require(path.join(root, "scripts", "lib.js")) as { heapFlags(name: string): string[] };

describe("docker-compose.yml", () => {
  it("runs PostgreSQL, every subgraph and the gateway, and nothing else", () => {
    expect(Object.keys(compose.services).sort()).toEqual(["postgres", ...SUBGRAPHS.map((s) => s.name), "gateway"].sort());
  });

  it.each(SUBGRAPHS.map((s) => s.name))("starts %s from its built entry point with only variables it reads", (name) => {
    const service = compose.services[name];
    expect(service?.command).toEqual(["node", `services/${name}/dist/main.js`]);
    const env = service?.environment ?? {};
    expect(Object.keys(env).filter((k) => !serviceKeys[name]?.includes(k) && k !== "NODE_OPTIONS")).toEqual([]);
    expect(env.NODE_OPTIONS).toBe(heapFlags(name).join(" "));
    expect(env.DATABASE_URL).toMatch(/^postgres:\/\/.+@postgres:5432\//);
    expect(env.PRINCIPAL_SIGNING_KEY).toBeDefined();
    expect(env.NODE_ENV).toBe("production");
  });

  it("points the gateway at each subgraph's service name and port, with the secrets it needs", () => {
    const env = compose.services.gateway?.environment ?? {};
    expect(Object.keys(env).filter((k) => !GATEWAY_ENV_KEYS.includes(k) && k !== "NODE_OPTIONS")).toEqual([]);
    expect(env.NODE_OPTIONS).toBe(heapFlags("gateway").join(" "));
    for (const { name } of SUBGRAPHS) {
      const port = compose.services[name]?.environment?.PORT;
      expect(env[`${name.toUpperCase()}_URL`]).toBe(`http://${name}:${port}/graphql`);
    }
    expect(env.JWT_SECRET).toBeDefined();
    expect(env.PRINCIPAL_SIGNING_KEY).toBe(compose.services.units?.environment?.PRINCIPAL_SIGNING_KEY);
    expect(compose.services.gateway?.ports).toEqual([`${env.GATEWAY_PORT}:${env.GATEWAY_PORT}`]);
  });

  it("publishes only the gateway", () => {
    const published = Object.entries(compose.services).filter(([, s]) => s.ports?.length).map(([n]) => n);
    expect(published).toEqual(["gateway"]);
  });

  it("builds from a Dockerfile that copies every workspace npm ci needs, the web app included", () => {
    const dockerfile = readFileSync(path.join(root, "Dockerfile"), "utf8");
    const workspaces = (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { workspaces: string[] }).workspaces;
    for (const workspace of workspaces) {
      const dir = workspace.replace(/\/\*$/, "");
      expect(dockerfile).toMatch(new RegExp(`^COPY ${dir}(/package\\.json)? \\./${dir}`, "m"));
    }
  });
});
