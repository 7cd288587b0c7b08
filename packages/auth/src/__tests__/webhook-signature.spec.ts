import { createHmac } from "node:crypto";
import { verifyWebhookSignature, webhookSignature } from "../webhook-signature";

const SECRET = "whsec_test";
const BODY = '{"id":"evt_1","kind":"UNIT_MOVEMENT"}';
const NOW = 1_790_000_000_000;
const t = NOW / 1000;

describe("webhook signatures", () => {
  it("signs t.body with HMAC-SHA256 and verifies it", () => {
    const header = webhookSignature(SECRET, BODY, t);
    expect(header).toBe(`t=${t},v1=${createHmac("sha256", SECRET).update(`${t}.${BODY}`).digest("hex")}`);
    expect(verifyWebhookSignature(SECRET, header, BODY, { nowMs: NOW })).toEqual({ ok: true, timestamp: t });
    expect(verifyWebhookSignature(SECRET, header, Buffer.from(BODY), { nowMs: NOW })).toEqual({ ok: true, timestamp: t });
  });

  it("refuses another body, another secret, a forged timestamp, and garbage", () => {
    const header = webhookSignature(SECRET, BODY, t);
    expect(verifyWebhookSignature(SECRET, header, `${BODY} `, { nowMs: NOW })).toEqual({ ok: false, reason: "BAD_SIGNATURE" });
    expect(verifyWebhookSignature("whsec_other", header, BODY, { nowMs: NOW })).toEqual({ ok: false, reason: "BAD_SIGNATURE" });
    expect(verifyWebhookSignature(SECRET, header.replace(`t=${t}`, `t=${t + 1}`), BODY, { nowMs: NOW })).toEqual({ ok: false, reason: "BAD_SIGNATURE" });
    for (const bad of [undefined, "", "t=1", "v1=abc", `t=x,v1=${"0".repeat(64)}`, "x".repeat(2_000)]) {
      expect(verifyWebhookSignature(SECRET, bad, BODY, { nowMs: NOW })).toEqual({ ok: false, reason: "MALFORMED" });
    }
  });

  it("refuses an old delivery (a replay) and one from the future, within the tolerance either way", () => {
    expect(verifyWebhookSignature(SECRET, webhookSignature(SECRET, BODY, t - 301), BODY, { nowMs: NOW })).toEqual({ ok: false, reason: "TOO_OLD" });
    expect(verifyWebhookSignature(SECRET, webhookSignature(SECRET, BODY, t - 299), BODY, { nowMs: NOW }).ok).toBe(true);
    expect(verifyWebhookSignature(SECRET, webhookSignature(SECRET, BODY, t + 301), BODY, { nowMs: NOW })).toEqual({ ok: false, reason: "FROM_THE_FUTURE" });
    expect(verifyWebhookSignature(SECRET, webhookSignature(SECRET, BODY, t - 30), BODY, { nowMs: NOW, toleranceSeconds: 10 })).toEqual({ ok: false, reason: "TOO_OLD" });
  });

  it("accepts any of several signatures (a secret being rotated)", () => {
    const header = `${webhookSignature(SECRET, BODY, t)},v1=${"a".repeat(64)}`;
    expect(verifyWebhookSignature(SECRET, header, BODY, { nowMs: NOW }).ok).toBe(true);
  });
});
