import type { QueryRunner } from "typeorm";
import { SqlCounter } from "..";

describe("SQL counter", () => {
  it("counts statements but not transaction control or background work", () => {
    const counter = new SqlCounter();
    counter.logQuery("SELECT 1");
    counter.logQuery("START TRANSACTION");
    counter.logQuery("COMMIT");
    counter.logQuery("SELECT 2", [], { data: { background: true } } as unknown as QueryRunner);
    counter.logQuery("SELECT 3", [], { data: {} } as unknown as QueryRunner);
    expect(counter.statements).toEqual(["SELECT 1", "SELECT 3"]);
    expect(counter.background).toEqual(["SELECT 2"]);
    counter.reset();
    expect([counter.count, counter.background.length]).toEqual([0, 0]);
  });
});
