import { deliveryBody, eventKey, isPrivateHost, retryAfterMs, retryDelayMs, urlProblem } from "../webhook.rules";

describe("webhook rules", () => {
  it("takes public https URLs always, and http or private hosts only where allowed", () => {
    expect(urlProblem("https://shop.example.com/hooks/tracehub?x=1", false)).toBeNull();
    expect(urlProblem("http://shop.example.com/hooks", false)).toBe("must be https");
    expect(urlProblem("http://127.0.0.1:8080/hooks", true)).toBeNull();
    for (const url of ["https://127.0.0.1/x", "https://localhost/x", "https://10.1.2.3/x", "https://192.168.0.9/x", "https://172.20.0.1/x", "https://169.254.169.254/latest", "https://[::1]/x", "https://[fd00::1]/x", "https://printer.local/x", "https://0.0.0.0/x"]) {
      expect(urlProblem(url, false)).toMatch(/private/);
    }
    expect(urlProblem("https://172.32.0.1/x", false)).toBeNull();
    expect(urlProblem("ftp://example.com/x", true)).toBe("must be http or https");
    expect(urlProblem("https://u:p@example.com/x", true)).toMatch(/credentials/);
    expect(urlProblem("https://example.com/x#frag", true)).toMatch(/fragment/);
    expect(urlProblem("example.com/x", true)).toBe("is not an absolute URL");
    expect(urlProblem(`https://example.com/${"a".repeat(2_000)}`, true)).toMatch(/2,000/);
  });

  it("knows private hosts by name and by address", () => {
    expect(isPrivateHost("api.localhost")).toBe(true);
    expect(isPrivateHost("100.64.0.1")).toBe(true);
    expect(isPrivateHost("8.8.8.8")).toBe(false);
    expect(isPrivateHost("example.com")).toBe(false);
    expect(isPrivateHost("[::ffff:127.0.0.1]")).toBe(true);
  });

  it("backs off from 1 s doubling to an hour, jittered ±20 %", () => {
    expect(retryDelayMs(1, 0.5)).toBe(1_000);
    expect(retryDelayMs(2, 0.5)).toBe(2_000);
    expect(retryDelayMs(5, 0.5)).toBe(16_000);
    expect(retryDelayMs(40, 0.5)).toBe(3_600_000);
    expect(retryDelayMs(1, 0)).toBe(800);
    expect(retryDelayMs(1, 1)).toBe(1_200);
  });

  it("honours a receiver's Retry-After within reason", () => {
    const now = Date.parse("2026-11-30T12:00:00Z");
    expect(retryAfterMs("5", now)).toBe(5_000);
    expect(retryAfterMs("0", now)).toBe(1_000);
    expect(retryAfterMs("999999", now)).toBe(3_600_000);
    expect(retryAfterMs("Mon, 30 Nov 2026 12:00:30 GMT", now)).toBe(30_000);
    expect(retryAfterMs("soon", now)).toBeNull();
    expect(retryAfterMs(null, now)).toBeNull();
  });

  it("keys news so that the same news is one delivery per webhook", () => {
    expect(eventKey.movement("42")).toBe("movement:42");
    expect(eventKey.alert("42", "u", "UNKNOWN_UNIT")).not.toBe(eventKey.alert("42", "v", "UNKNOWN_UNIT"));
    expect(eventKey.orderStatus("o", "SHIPPED", "m1")).not.toBe(eventKey.orderStatus("o", "SHIPPED", "m2"));
  });

  it("writes the body: id, webhook, kind, time, what it replays, and the news", () => {
    const createdAt = new Date("2026-11-30T12:00:00Z");
    expect(JSON.parse(deliveryBody({ id: "d", webhookId: "w", kind: "ALERT", payload: { a: 1 }, createdAt, replayOf: null }))).toEqual({ id: "d", webhookId: "w", kind: "ALERT", createdAt: "2026-11-30T12:00:00.000Z", data: { a: 1 } });
    expect(JSON.parse(deliveryBody({ id: "d", webhookId: "w", kind: "ALERT", payload: {}, createdAt, replayOf: "o" })).replayOf).toBe("o");
  });
});
