import net from "node:net";

/** True when nothing listens on `port` of loopback (it is opened and closed again to find out). */
export async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/**
 * The first of `count` consecutive free ports on loopback, picked at random between 20,000 and 50,000 (for
 * processes started with a base port, as `npm start` is). Throws after 50 tries. The ports are free when
 * checked: another process may still take one before the caller does.
 */
export async function freePortRange(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    if ((await Promise.all(Array.from({ length: count }, (_, i) => portIsFree(base + i)))).every(Boolean)) return base;
  }
  throw new Error("no free port range on 127.0.0.1");
}

/** True while a process with this id exists (signal 0: nothing is sent). */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
