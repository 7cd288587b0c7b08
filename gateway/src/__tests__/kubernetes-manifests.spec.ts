import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { ENV_KEYS as COMPLIANCE_KEYS } from "@tracehub/compliance";
import { GATEWAY_ENV_KEYS } from "@tracehub/gateway";
import { ENV_KEYS as ORDERS_KEYS } from "@tracehub/orders";
import { ENV_KEYS as SUPPLIERS_KEYS } from "@tracehub/suppliers";
import { ENV_KEYS as UNITS_KEYS } from "@tracehub/units";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { Secret } from "kubernetes-models/v1/Secret";
import { Service } from "kubernetes-models/v1/Service";
import { parse, parseAllDocuments } from "yaml";

// No cluster runs on the development machines, so deploy/kubernetes is checked here: every object against the
// Kubernetes API's JSON schemas (kubernetes-models), and each process's Deployment against what the process needs.
const dir = path.resolve(__dirname, "../../../deploy/kubernetes");
const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  "apps/v1/Deployment": Deployment,
  "v1/Service": Service,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  "v1/Secret": Secret,
};
const KEYS: Record<string, readonly string[]> = { units: UNITS_KEYS, orders: ORDERS_KEYS, suppliers: SUPPLIERS_KEYS, compliance: COMPLIANCE_KEYS, gateway: GATEWAY_ENV_KEYS };
// The heap limits npm start gives each process (scripts/lib.js): the manifests give the same.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { heapFlags } = require(path.resolve(__dirname, "../../../scripts/lib.js")) as { heapFlags(name: string): string[] };
const PORTS: Record<string, number> = { gateway: 4000, units: 4001, orders: 4002, suppliers: 4003, compliance: 4004 };

const files = readdirSync(dir).filter((f) => f.endsWith(".yaml") && f !== "kustomization.yaml");
const objects = files.flatMap((file) => parseAllDocuments(readFileSync(path.join(dir, file), "utf8")).map((doc) => ({ file, object: doc.toJS() as any })));
const of = (kind: string, name: string) => objects.find((o) => o.object.kind === kind && o.object.metadata?.name === name)?.object;
const mebibytes = (quantity: string) => Number(/^(\d+)Mi$/.exec(quantity)?.[1] ?? Number.NaN);

describe("deploy/kubernetes", () => {
  it.each(objects.map((o) => [`${o.file}: ${o.object.kind} ${o.object.metadata?.name}`, o.object]))("%s is valid against the Kubernetes schema", (_name, object) => {
    const Model = MODELS[`${object.apiVersion}/${object.kind}`];
    expect(Model).toBeDefined();
    expect(() => new Model!(object).validate()).not.toThrow();
  });

  it("refuses a manifest the schema refuses (the check can fail)", () => {
    const broken = structuredClone(of("Deployment", "tracehub-units"));
    broken.spec.template.spec.containers[0].ports[0].containerPort = "http";
    expect(() => new Deployment(broken).validate()).toThrow(/containerPort/);
  });

  it("lists every process's file in the kustomization", () => {
    const kustomization = parse(readFileSync(path.join(dir, "kustomization.yaml"), "utf8")) as { resources: string[] };
    expect([...kustomization.resources].sort()).toEqual(Object.keys(PORTS).map((p) => `${p}.yaml`).sort());
  });

  it.each(Object.keys(PORTS))("runs %s with two replicas, probes, resources under a heap limit, a Service and a disruption budget", (process) => {
    const deployment = of("Deployment", `tracehub-${process}`);
    expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
    const [container] = deployment.spec.template.spec.containers;
    expect(container.ports).toEqual([{ name: "http", containerPort: PORTS[process] }]);
    expect(container.readinessProbe.httpGet).toEqual({ path: "/ready", port: "http" });
    expect(container.livenessProbe.httpGet).toEqual({ path: "/health", port: "http" });
    // Every variable is one the process reads (or Node's own), and the secrets come from the Secret.
    const names = container.env.map((e: { name: string }) => e.name);
    for (const name of names) expect([...KEYS[process]!, "NODE_ENV", "NODE_OPTIONS"]).toContain(name);
    for (const secret of container.env.filter((e: any) => e.valueFrom)) expect(secret.valueFrom.secretKeyRef.name).toBe("tracehub-secrets");
    expect(names).toContain(process === "gateway" ? "JWT_SECRET" : "DATABASE_URL");
    expect(names).toContain("PRINCIPAL_SIGNING_KEY");
    // The V8 heap limit is below the container's memory limit, with room for the rest of the process.
    const nodeOptions: string = container.env.find((e: any) => e.name === "NODE_OPTIONS").value;
    expect(nodeOptions).toBe(heapFlags(process).join(" "));
    const heap = Number(/--max-old-space-size=(\d+)/.exec(nodeOptions)?.[1]);
    const limit = mebibytes(container.resources.limits.memory);
    expect(heap).toBeLessThanOrEqual(limit * 0.75);
    expect(mebibytes(container.resources.requests.memory)).toBeLessThanOrEqual(limit);
    const labels = deployment.spec.selector.matchLabels;
    expect(deployment.spec.template.metadata.labels).toMatchObject(labels);
    expect(of("Service", `tracehub-${process}`).spec.selector).toEqual(labels);
    expect(of("PodDisruptionBudget", `tracehub-${process}`).spec).toEqual({ minAvailable: 1, selector: { matchLabels: labels } });
  });

  it("points each process at the others by their Service names and ports", () => {
    for (const process of Object.keys(PORTS)) {
      for (const e of of("Deployment", `tracehub-${process}`).spec.template.spec.containers[0].env) {
        const url = /^http:\/\/tracehub-(\w+):(\d+)\/graphql$/.exec(e.value ?? "");
        if (!url) continue;
        expect(e.name).toBe(`${url[1]!.toUpperCase()}_URL`);
        expect(Number(url[2])).toBe(PORTS[url[1]!]);
      }
    }
  });
});
