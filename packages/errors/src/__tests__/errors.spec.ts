import { BadUserInput, Conflict, DomainError, ErrorCode, Forbidden, NotFound, SubscriptionCloseCode, Unauthenticated, defineReasons, isDomainReason, isErrorCode } from "..";
import type { ReasonOf } from "..";

describe("ErrorCode", () => {
  it("keeps every code string clients and tests branch on", () => {
    expect(Object.values(ErrorCode).sort()).toEqual(
      [
        "BAD_REQUEST",
        "BAD_USER_INPUT",
        "CONFLICT",
        "FORBIDDEN",
        "GRAPHQL_PARSE_FAILED",
        "GRAPHQL_VALIDATION_FAILED",
        "INTERNAL_SERVER_ERROR",
        "LIMIT_EXCEEDED",
        "NOT_FOUND",
        "OPERATION_RESOLUTION_FAILURE",
        "PERSISTED_QUERY_NOT_FOUND",
        "PERSISTED_QUERY_NOT_SUPPORTED",
        "RATE_LIMITED",
        "SERVICE_UNAVAILABLE",
        "SUBGRAPH_TIMEOUT",
        "SUBGRAPH_UNAVAILABLE",
        "SUBSCRIPTION_OVER_HTTP",
        "UNAUTHENTICATED",
        "UPSTREAM_ENDED",
        "UPSTREAM_ERROR",
      ].sort(),
    );
  });

  it("recognises its own strings only", () => {
    expect(isErrorCode("CONFLICT")).toBe(true);
    expect(isErrorCode("conflict")).toBe(false);
    expect(isErrorCode("SERIAL_ALREADY_ISSUED")).toBe(false);
    expect(isErrorCode(409)).toBe(false);
  });

  it("keeps the WebSocket close codes", () => {
    expect(SubscriptionCloseCode).toMatchObject({ GoingAway: 1001, SlowConsumer: 1008, MessageTooBig: 1009, TryAgainLater: 1013, Forbidden: 4403 });
  });
});

describe("domain errors", () => {
  const Reason = defineReasons(["SERIAL_ALREADY_ISSUED", "UNIT_ALREADY_ALLOCATED", "GTIN_2"]);
  type Reason = ReasonOf<typeof Reason>;

  it("carry the generic code, their details and an optional reason", () => {
    const conflict = new Conflict("Serial 42 is already issued.", { serial: "42" }, Reason.SERIAL_ALREADY_ISSUED);
    expect(conflict).toBeInstanceOf(DomainError);
    expect(conflict).toMatchObject({ name: "Conflict", code: "CONFLICT", message: "Serial 42 is already issued.", details: { serial: "42" }, reason: "SERIAL_ALREADY_ISSUED" });
    expect(new BadUserInput("x").reason).toBeUndefined();
    expect(new NotFound("gone", {}, "UNIT_NOT_FOUND")).toMatchObject({ code: "NOT_FOUND", reason: "UNIT_NOT_FOUND" });
    expect(new Forbidden()).toMatchObject({ code: "FORBIDDEN", message: "You are not allowed to do this.", details: {} });
    expect(new Unauthenticated().message).toMatch(/Authorization: Bearer/);
  });

  it("declare reasons as a frozen table of literal names", () => {
    const reason: Reason = Reason.UNIT_ALREADY_ALLOCATED;
    expect(reason).toBe("UNIT_ALREADY_ALLOCATED");
    expect(Reason).toEqual({ SERIAL_ALREADY_ISSUED: "SERIAL_ALREADY_ISSUED", UNIT_ALREADY_ALLOCATED: "UNIT_ALREADY_ALLOCATED", GTIN_2: "GTIN_2" });
    expect(Object.isFrozen(Reason)).toBe(true);
    // @ts-expect-error: a reason the table does not declare
    expect(Reason.SERIAL_REUSED).toBeUndefined();
  });

  it("refuse reasons that are not SCREAMING_SNAKE_CASE, or declared twice", () => {
    for (const bad of ["", "_LEADING", "TRAILING_", "DOUBLE__UNDERSCORE", "9STARTS_WITH_DIGIT", "HAS SPACE", "HAS-DASH", "ÉCLAT"]) {
      expect(isDomainReason(bad)).toBe(false);
      expect(() => defineReasons([bad as Uppercase<string>])).toThrow(/SCREAMING_SNAKE_CASE/);
    }
    // @ts-expect-error: lower case is refused by the type as well
    expect(() => defineReasons(["serialAlreadyIssued"])).toThrow(/SCREAMING_SNAKE_CASE/);
    expect(() => defineReasons(["A_B", "A_B"])).toThrow(/declared twice/);
    expect(isDomainReason("A")).toBe(true);
    expect(isDomainReason("UNIT_ALREADY_ALLOCATED")).toBe(true);
  });
});
