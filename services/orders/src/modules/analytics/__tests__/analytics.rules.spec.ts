import { MAX_SPAN_DAYS, mean, quantile, rate, spanProblem } from "../analytics.rules";

const DAY_MS = 86_400_000;
const ONE_TO_TEN = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

describe("quantile by nearest rank", () => {
  it("is null for no values", () => {
    expect(quantile([], 0.5)).toBeNull();
    expect(quantile([], 0)).toBeNull();
  });

  it("is the value at rank ceil(q × n)", () => {
    expect(quantile(ONE_TO_TEN, 0.5)).toBe(5);
    expect(quantile(ONE_TO_TEN, 0.9)).toBe(9);
    expect(quantile(ONE_TO_TEN, 0.91)).toBe(10);
    expect(quantile(ONE_TO_TEN, 0.11)).toBe(2);
    expect(quantile([10, 20, 30], 0.5)).toBe(20);
  });

  it("takes a value of the list, never one between two", () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(quantile([1.5, 2.5], 0.5)).toBe(1.5);
  });

  it("is the smallest value at q = 0 and below, the largest at q = 1 and above", () => {
    expect(quantile(ONE_TO_TEN, 0)).toBe(1);
    expect(quantile(ONE_TO_TEN, 0.01)).toBe(1);
    expect(quantile(ONE_TO_TEN, -1)).toBe(1);
    expect(quantile(ONE_TO_TEN, 1)).toBe(10);
    expect(quantile(ONE_TO_TEN, 2)).toBe(10);
  });

  it("is the only value of a single one", () => {
    expect(quantile([7], 0)).toBe(7);
    expect(quantile([7], 0.5)).toBe(7);
    expect(quantile([7], 1)).toBe(7);
  });

  it("gives the median and p90 the analytics ask for on 100 values", () => {
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantile(hundred, 0.5)).toBe(50);
    expect(quantile(hundred, 0.9)).toBe(90);
  });
});

describe("mean", () => {
  it("is null for no values", () => {
    expect(mean([])).toBeNull();
  });

  it("is the sum over the count", () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(mean([5])).toBe(5);
    expect(mean([-2, 2, 6])).toBe(2);
    expect(mean([0, 0])).toBe(0);
  });
});

describe("rate", () => {
  it("is returned over sold", () => {
    expect(rate(1, 4)).toBe(0.25);
    expect(rate(0, 5)).toBe(0);
    expect(rate(3, 3)).toBe(1);
  });

  it("is 0 when nothing sold", () => {
    expect(rate(0, 0)).toBe(0);
    expect(rate(3, 0)).toBe(0);
  });
});

describe("the span of an analytics query", () => {
  const from = new Date("2026-01-01T00:00:00.000Z");
  const after = (ms: number) => new Date(from.getTime() + ms);

  it("may be up to 366 days", () => {
    expect(MAX_SPAN_DAYS).toBe(366);
    expect(spanProblem(from, after(1))).toBeNull();
    expect(spanProblem(from, after(DAY_MS))).toBeNull();
    expect(spanProblem(from, after(366 * DAY_MS))).toBeNull();
  });

  it("is refused beyond 366 days", () => {
    expect(spanProblem(from, after(366 * DAY_MS + 1))).toBe("the span may be at most 366 days");
    expect(spanProblem(from, after(1000 * DAY_MS))).toBe("the span may be at most 366 days");
  });

  it("must end after it starts", () => {
    expect(spanProblem(from, from)).toBe("'to' must be after 'from'");
    expect(spanProblem(from, after(-1))).toBe("'to' must be after 'from'");
    expect(spanProblem(from, after(-1000 * DAY_MS))).toBe("'to' must be after 'from'");
  });

  it("must be made of times, which is checked first", () => {
    const invalid = new Date("not a time");
    expect(spanProblem(invalid, from)).toBe("'from' and 'to' must be times");
    expect(spanProblem(from, invalid)).toBe("'from' and 'to' must be times");
    expect(spanProblem(invalid, invalid)).toBe("'from' and 'to' must be times");
  });
});
