/**
 * Polls `probe` every `intervalMs` until it returns something truthy, and resolves with that; rejects naming `what`
 * after `timeoutMs`. For effects that happen in the background (deliveries, exported spans, relayed messages).
 */
export async function until<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 30_000, intervalMs = 50): Promise<Exclude<T, false | null | undefined | 0 | "">> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value as Exclude<T, false | null | undefined | 0 | "">;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
