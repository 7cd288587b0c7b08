import { databaseName, withDatabase } from "..";

describe("connection URLs", () => {
  it("swaps the database name and keeps credentials, host and parameters", () => {
    const url = withDatabase("postgres://u:p%40ss@127.0.0.1:5433/postgres?sslmode=disable", "tracehub_t1");
    expect(url).toBe("postgres://u:p%40ss@127.0.0.1:5433/tracehub_t1?sslmode=disable");
    expect(databaseName(url)).toBe("tracehub_t1");
  });

  it("reads the default database when the URL names none", () => {
    expect(databaseName("postgres://127.0.0.1:5432")).toBe("postgres");
  });
});
