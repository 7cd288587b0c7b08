import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";

/** A round-robin HTTP load balancer in front of replicas, as tests run it. */
export interface LoadBalancer {
  /** Base URL, e.g. `http://127.0.0.1:41234` (append the path the replicas serve). */
  url: string;
  port: number;
  /** Requests and WebSocket upgrades each backend received, by `host:port`. */
  readonly hits: Record<string, number>;
  stop(): Promise<void>;
}

/**
 * Starts a load balancer on loopback: each HTTP request goes to the next backend in turn (keep-alive to the
 * backends, so one client connection spreads over all of them); a WebSocket upgrade is piped whole to the next
 * backend. A backend that refuses the connection is skipped for that request; when all refuse, 502.
 * `port` 0 picks a free one.
 */
export async function startLoadBalancer(backends: { host?: string; port: number }[], port = 0): Promise<LoadBalancer> {
  if (backends.length === 0) throw new Error("a load balancer needs at least one backend");
  const targets = backends.map((b) => ({ host: b.host ?? "127.0.0.1", port: b.port }));
  const hits: Record<string, number> = Object.fromEntries(targets.map((t) => [`${t.host}:${t.port}`, 0]));
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const sockets = new Set<net.Socket>();
  let next = 0;
  const order = (): typeof targets => {
    const start = next++ % targets.length;
    return targets.map((_, i) => targets[(start + i) % targets.length]!);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const tryNext = (candidates: typeof targets): void => {
        const target = candidates[0];
        if (!target) {
          res.writeHead(502, { "content-type": "text/plain" }).end("no backend reachable");
          return;
        }
        const headers = { ...req.headers, "x-forwarded-for": req.socket.remoteAddress ?? "" };
        const upstream = http.request({ host: target.host, port: target.port, method: req.method, path: req.url, headers, agent }, (answer) => {
          hits[`${target.host}:${target.port}`]! += 1;
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        upstream.on("error", (error: NodeJS.ErrnoException) => {
          if (!res.headersSent && (error.code === "ECONNREFUSED" || error.code === "ECONNRESET")) tryNext(candidates.slice(1));
          else res.destroy(error);
        });
        upstream.end(body);
      };
      tryNext(order());
    });
  });

  server.on("upgrade", (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    const tryNext = (candidates: typeof targets): void => {
      const target = candidates[0];
      if (!target) {
        client.end("HTTP/1.1 502 Bad Gateway\r\nconnection: close\r\n\r\n");
        return;
      }
      const upstream = net.connect(target.port, target.host, () => {
        hits[`${target.host}:${target.port}`]! += 1;
        sockets.add(upstream);
        upstream.on("close", () => sockets.delete(upstream));
        const lines = [`${req.method ?? "GET"} ${req.url ?? "/"} HTTP/1.1`];
        for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
        upstream.write(`${lines.join("\r\n")}\r\n\r\n`);
        if (head.length) upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
        upstream.on("error", () => client.destroy());
        client.on("error", () => upstream.destroy());
        upstream.on("end", () => client.end());
        client.on("end", () => upstream.end());
      });
      upstream.once("error", (error: NodeJS.ErrnoException) => {
        if (error.code === "ECONNREFUSED") tryNext(candidates.slice(1));
        else client.destroy();
      });
    };
    tryNext(order());
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    hits,
    stop: async () => {
      for (const s of sockets) s.destroy();
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
