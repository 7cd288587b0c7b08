import { GraphQLError } from "graphql";
import { BadUserInput, formatError } from "../errors";

const wrapped = (original: Error) => new GraphQLError(original.message, { originalError: original, path: ["captureEvents"] });
const format = (error: GraphQLError) => formatError(error.toJSON(), error);

describe("formatError", () => {
  const quiet = jest.spyOn(console, "error").mockImplementation(() => undefined);
  afterAll(() => quiet.mockRestore());

  it("keeps a domain error's code, message and details", () => {
    expect(format(wrapped(new BadUserInput("'first' is wrong.", { argument: "first" })))).toMatchObject({ message: "'first' is wrong.", extensions: { code: "BAD_USER_INPUT", argument: "first" } });
  });

  it("answers a lost database connection as SERVICE_UNAVAILABLE (retryable), not an internal error", () => {
    const lost = Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" });
    expect(format(wrapped(lost))).toEqual({ message: expect.stringMatching(/lost its database connection.*Retry/), path: ["captureEvents"], extensions: { code: "SERVICE_UNAVAILABLE" } });
    const released = Object.assign(new Error("Query runner already released. Cannot run queries anymore."), { name: "QueryRunnerAlreadyReleasedError" });
    expect(format(wrapped(released)).extensions?.code).toBe("SERVICE_UNAVAILABLE");
  });

  it("answers text PostgreSQL cannot store (U+0000) as BAD_USER_INPUT, not an internal error", () => {
    const nul = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: "22021" });
    expect(format(wrapped(nul)).extensions?.code).toBe("BAD_USER_INPUT");
    const jsonNul = Object.assign(new Error("unsupported Unicode escape sequence"), { driverError: { code: "22P05" } });
    expect(format(wrapped(jsonNul)).extensions?.code).toBe("BAD_USER_INPUT");
    const surrogate = Object.assign(new Error("invalid input syntax for type json"), { code: "22P02" });
    expect(format(wrapped(surrogate)).extensions?.code).toBe("BAD_USER_INPUT");
    const badUuid = Object.assign(new Error('invalid input syntax for type uuid: "x"'), { code: "22P02" });
    expect(format(wrapped(badUuid)).extensions?.code).toBe("INTERNAL_SERVER_ERROR");
  });

  it("masks anything else as INTERNAL_SERVER_ERROR without its message", () => {
    const out = format(wrapped(new Error('relation "units"."secret" does not exist')));
    expect(out).toEqual({ message: "Internal error; it has been logged.", path: ["captureEvents"], extensions: { code: "INTERNAL_SERVER_ERROR" } });
  });
});
