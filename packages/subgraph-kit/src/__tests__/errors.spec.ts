import { Writable } from "node:stream";
import { GraphQLError } from "graphql";
import { AuthenticationError, AuthorizationError } from "type-graphql";
import { BadUserInput, Conflict, ErrorCode, NotFound, type ReasonOf, defineReasons, formatError } from "..";
import { setLogDestination } from "../log";

const wrapped = (original: Error) => new GraphQLError(original.message, { originalError: original, path: ["captureEvents"] });
const format = (error: GraphQLError) => formatError(error.toJSON(), error);

describe("formatError", () => {
  // Unexpected errors are logged (pino); keep them out of the test output.
  beforeAll(() => setLogDestination(new Writable({ write: (_chunk, _encoding, done) => done() })));
  afterAll(() => setLogDestination(null));

  it("keeps a domain error's code, message and details", () => {
    expect(format(wrapped(new BadUserInput("'first' is wrong.", { argument: "first" })))).toMatchObject({ message: "'first' is wrong.", extensions: { code: "BAD_USER_INPUT", argument: "first" } });
  });

  it("puts a domain reason in extensions.reason beside the generic code", () => {
    const CaptureReason = defineReasons(["SERIAL_ALREADY_ISSUED", "UNIT_ALREADY_ALLOCATED"]);
    const reason: ReasonOf<typeof CaptureReason> = CaptureReason.SERIAL_ALREADY_ISSUED;
    const out = format(wrapped(new Conflict("Serial 42 of GTIN 09506000134352 is already issued.", { serial: "42" }, reason)));
    expect(out).toEqual({
      message: "Serial 42 of GTIN 09506000134352 is already issued.",
      path: ["captureEvents"],
      locations: undefined,
      extensions: { serial: "42", code: "CONFLICT", reason: "SERIAL_ALREADY_ISSUED" },
    });
    expect(format(wrapped(new NotFound("No unit 7.", {}, "UNIT_NOT_FOUND"))).extensions).toEqual({ code: "NOT_FOUND", reason: "UNIT_NOT_FOUND" });
    // Details never override the code or the reason; without a reason there is no `reason` key.
    const sneaky = new BadUserInput("bad", { code: "OTHER", reason: "OTHER" }, "FIELD_TOO_LONG");
    expect(format(wrapped(sneaky)).extensions).toEqual({ code: "BAD_USER_INPUT", reason: "FIELD_TOO_LONG" });
    expect(format(wrapped(new BadUserInput("bad"))).extensions).toEqual({ code: ErrorCode.BadUserInput });
  });

  it("recognises type-graphql's auth errors by type, not by class name", () => {
    expect(format(wrapped(new AuthenticationError()))).toMatchObject({ message: expect.stringMatching(/Authorization: Bearer/), extensions: { code: "UNAUTHENTICATED" } });
    expect(format(wrapped(new AuthorizationError()))).toEqual({ message: "You are not allowed to do this.", path: ["captureEvents"], locations: undefined, extensions: { code: "FORBIDDEN" } });
    class AuthenticationErrorLookalike extends Error {}
    Object.defineProperty(AuthenticationErrorLookalike, "name", { value: "AuthenticationError" });
    expect(format(wrapped(new AuthenticationErrorLookalike("no"))).extensions).toEqual({ code: "INTERNAL_SERVER_ERROR" });
  });

  it("passes through the framework codes it knows and masks unknown ones", () => {
    const parse = new GraphQLError("Syntax Error: Unexpected Name", { extensions: { code: "GRAPHQL_PARSE_FAILED", stacktrace: ["at x"] } });
    expect(formatError(parse.toJSON(), parse)).toEqual({ message: "Syntax Error: Unexpected Name", extensions: { code: "GRAPHQL_PARSE_FAILED" } });
    const odd = new GraphQLError("odd", { extensions: { code: "SOMETHING_ELSE" } });
    expect(formatError(odd.toJSON(), odd).extensions).toEqual({ code: "INTERNAL_SERVER_ERROR" });
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
