import type express from "express";

/**
 * RFC 7807 problem documents, as the EPCIS 2.0 REST binding answers its errors: `type` names the EPCIS exception
 * (`epcisException:...`), `title` says it in words, `status` repeats the HTTP status, `detail` says what exactly
 * was wrong, `instance` is the request id (also in the `x-request-id` header) for support.
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
}

/** The EPCIS exceptions the binding names, by the HTTP status that carries them. */
export const EpcisException = {
  Validation: "epcisException:ValidationException",
  QueryParameter: "epcisException:QueryParameterException",
  QueryValidation: "epcisException:QueryValidationException",
  SubscriptionControls: "epcisException:SubscriptionControlsException",
  ResourceAlreadyExists: "epcisException:ResourceAlreadyExistsException",
  Security: "epcisException:SecurityException",
  /** 404, whatever was not found (the binding's 404 response names this one exception). */
  NoSuchName: "epcisException:NoSuchNameException",
  NotAcceptable: "epcisException:NotAcceptableException",
  CaptureLimitExceeded: "epcisException:CaptureLimitExceededException",
  QueryTooLarge: "epcisException:QueryTooLargeException",
  UriTooLong: "epcisException:URITooLongException",
  UnsupportedMediaType: "epcisException:UnsupportedMediaTypeException",
  Implementation: "epcisException:ImplementationException",
} as const;

const TITLES: Record<string, string> = {
  [EpcisException.Validation]: "The document is not a valid EPCIS document",
  [EpcisException.QueryParameter]: "A query parameter is invalid or not supported",
  [EpcisException.QueryValidation]: "The query is invalid or uses a parameter the hub does not answer",
  [EpcisException.SubscriptionControls]: "The subscription cannot be made as asked",
  [EpcisException.ResourceAlreadyExists]: "It exists already",
  [EpcisException.Security]: "Not allowed",
  [EpcisException.NoSuchName]: "No such resource",
  [EpcisException.NotAcceptable]: "No representation the client accepts",
  [EpcisException.CaptureLimitExceeded]: "The capture is larger than the hub takes at once",
  [EpcisException.QueryTooLarge]: "The query matches more than the hub answers at once",
  [EpcisException.UriTooLong]: "The request URI is too long",
  [EpcisException.UnsupportedMediaType]: "The request body's media type is not supported",
  [EpcisException.Implementation]: "The hub could not answer",
};

/** Sends a problem document. */
export function sendProblem(res: express.Response, status: number, type: string, detail?: string, title?: string): void {
  const problem: Problem = { type, title: title ?? TITLES[type] ?? "Error", status, ...(detail ? { detail } : {}) };
  const requestId = res.locals.requestId as string | undefined;
  if (requestId) problem.instance = `urn:uuid:${requestId}`;
  res.status(status).type("application/problem+json").send(JSON.stringify(problem));
}

/** A GraphQL error of an operation the binding ran, as the problem the binding answers. */
export function problemOfGraphql(error: { message: string; extensions?: Record<string, unknown> } | undefined, context: "capture" | "query"): { status: number; type: string; detail: string } {
  const code = error?.extensions?.code;
  const detail = error?.message ?? "The operation failed.";
  switch (code) {
    case "UNAUTHENTICATED":
      return { status: 401, type: EpcisException.Security, detail };
    case "FORBIDDEN":
      return { status: 403, type: EpcisException.Security, detail };
    case "NOT_FOUND":
      return { status: 404, type: EpcisException.NoSuchName, detail };
    case "LIMIT_EXCEEDED":
      return { status: 413, type: context === "capture" ? EpcisException.CaptureLimitExceeded : EpcisException.QueryTooLarge, detail };
    case "RATE_LIMITED":
      return { status: 429, type: EpcisException.Implementation, detail };
    case "BAD_USER_INPUT":
    case "GRAPHQL_VALIDATION_FAILED":
      return { status: 400, type: context === "capture" ? EpcisException.Validation : EpcisException.QueryParameter, detail };
    default:
      return { status: 500, type: EpcisException.Implementation, detail: code === "INTERNAL_SERVER_ERROR" || !code ? "Internal error; it has been logged." : detail };
  }
}
