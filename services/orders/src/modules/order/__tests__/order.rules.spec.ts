import { ANONYMOUS, type Principal, type Role } from "@tracehub/auth";
import { DEFAULT_RETURN_WINDOW_DAYS, MAX_LINES, MAX_LINE_QUANTITY, type OrderStep, OrderStatus, canSeeCustomer, canSeeOrder, fillStatus, stepRefusal } from "../order.rules";

const SELLER = "org-seller";
const OTHER = "org-other";

const person = (org: string | null, roles: Role[] = []): Principal => ({ sub: "user-1", org, roles, anonymous: false });

describe("who may read an order", () => {
  it("lets the seller's own people read its orders, whatever their roles", () => {
    expect(canSeeOrder(person(SELLER), SELLER)).toBe(true);
    expect(canSeeOrder(person(SELLER, ["fulfilment"]), SELLER)).toBe(true);
  });

  it("does not let another organization read the order", () => {
    expect(canSeeOrder(person(OTHER, ["fulfilment", "brand_owner"]), SELLER)).toBe(false);
  });

  it("lets operators and regulators read every order, with or without an organization", () => {
    expect(canSeeOrder(person(null, ["operator"]), SELLER)).toBe(true);
    expect(canSeeOrder(person(OTHER, ["regulator"]), SELLER)).toBe(true);
    expect(canSeeOrder(person(null, ["regulator"]), null)).toBe(true);
  });

  it("never matches two missing organizations", () => {
    expect(canSeeOrder(person(null, ["fulfilment"]), null)).toBe(false);
  });

  it("shows nothing to an anonymous caller, even one claiming a role or an organization", () => {
    expect(canSeeOrder(ANONYMOUS, SELLER)).toBe(false);
    expect(canSeeOrder(ANONYMOUS, null)).toBe(false);
    expect(canSeeOrder({ ...person(SELLER, ["operator"]), anonymous: true }, SELLER)).toBe(false);
  });
});

describe("who may read an order's customer", () => {
  it("lets the seller's own people read it", () => {
    expect(canSeeCustomer(person(SELLER), SELLER)).toBe(true);
    expect(canSeeCustomer(person(SELLER, ["fulfilment"]), SELLER)).toBe(true);
  });

  it("keeps it from operators and regulators (personal data stays with the seller)", () => {
    expect(canSeeCustomer(person(null, ["operator"]), SELLER)).toBe(false);
    expect(canSeeCustomer(person(OTHER, ["regulator"]), SELLER)).toBe(false);
    expect(canSeeCustomer(person(OTHER, ["operator", "regulator", "admin"]), SELLER)).toBe(false);
  });

  it("keeps it from another organization and from callers without one", () => {
    expect(canSeeCustomer(person(OTHER, ["fulfilment"]), SELLER)).toBe(false);
    expect(canSeeCustomer(person(null), null)).toBe(false);
  });

  it("shows nothing to an anonymous caller, even one claiming the seller's organization", () => {
    expect(canSeeCustomer(ANONYMOUS, SELLER)).toBe(false);
    expect(canSeeCustomer({ ...person(SELLER), anonymous: true }, SELLER)).toBe(false);
  });
});

describe("which step may start from which status", () => {
  const ALLOWED: Record<OrderStep, OrderStatus[]> = {
    allocate: [OrderStatus.OPEN],
    pack: [OrderStatus.ALLOCATED],
    ship: [OrderStatus.PACKED],
    deliver: [OrderStatus.SHIPPED],
    cancel: [OrderStatus.OPEN, OrderStatus.ALLOCATED, OrderStatus.PACKED],
    return: [OrderStatus.DELIVERED, OrderStatus.RETURN_REQUESTED, OrderStatus.RETURNED],
  };
  const cases = (Object.keys(ALLOWED) as OrderStep[]).flatMap((step) => Object.values(OrderStatus).map((status) => [step, status] as const));

  it.each(cases)("%s from %s", (step, status) => {
    const expected = ALLOWED[step].includes(status) ? null : `the order is ${status}; this needs it ${ALLOWED[step].join(" or ")}`;
    expect(stepRefusal(status, step)).toBe(expected);
  });

  it("says why in words, naming every status the step may start from", () => {
    expect(stepRefusal("OPEN", "pack")).toBe("the order is OPEN; this needs it ALLOCATED");
    expect(stepRefusal("SHIPPED", "cancel")).toBe("the order is SHIPPED; this needs it OPEN or ALLOCATED or PACKED");
    expect(stepRefusal("CANCELLED", "return")).toBe("the order is CANCELLED; this needs it DELIVERED or RETURN_REQUESTED or RETURNED");
  });

  it("refuses a status it does not know", () => {
    expect(stepRefusal("LOST", "deliver")).toBe("the order is LOST; this needs it SHIPPED");
    expect(stepRefusal("open", "allocate")).toBe("the order is open; this needs it OPEN");
  });
});

describe("an order's status after its allocations changed", () => {
  const line = (quantity: number, allocated: number) => ({ gtin: "09506000134352", quantity, allocated });

  it("is ALLOCATED exactly when every line is full", () => {
    expect(fillStatus([line(2, 2)])).toBe(OrderStatus.ALLOCATED);
    expect(fillStatus([line(2, 2), line(1, 1)])).toBe(OrderStatus.ALLOCATED);
  });

  it("counts a line holding more than it needs as full", () => {
    expect(fillStatus([line(2, 3)])).toBe(OrderStatus.ALLOCATED);
  });

  it("stays OPEN while any line is short", () => {
    expect(fillStatus([line(2, 2), line(3, 2)])).toBe(OrderStatus.OPEN);
    expect(fillStatus([line(1, 0)])).toBe(OrderStatus.OPEN);
  });

  it("is OPEN for an order without lines", () => {
    expect(fillStatus([])).toBe(OrderStatus.OPEN);
  });
});

describe("order limits", () => {
  it("are 200 lines of at most 10 000 units, with a 30-day return window by default", () => {
    expect(MAX_LINES).toBe(200);
    expect(MAX_LINE_QUANTITY).toBe(10_000);
    expect(DEFAULT_RETURN_WINDOW_DAYS).toBe(30);
  });
});
