/** Stable codes for authentication failures: what kind of check failed. */
export enum AuthErrorCode {
  MissingCredentials = "MISSING_CREDENTIALS",
  InvalidToken = "INVALID_TOKEN",
  ExpiredToken = "EXPIRED_TOKEN",
  InvalidClaims = "INVALID_CLAIMS",
  MissingPrincipal = "MISSING_PRINCIPAL",
  ForgedPrincipal = "FORGED_PRINCIPAL",
  StalePrincipal = "STALE_PRINCIPAL",
  /** The identity provider's signing keys (JWKS) could not be fetched: the credential was not judged; retry. */
  KeysUnavailable = "KEYS_UNAVAILABLE",
}

/** Marks an {@link AuthError} even when two copies of this package are loaded (so `instanceof` would miss it). */
const AUTH_ERROR = Symbol.for("@tracehub/auth.AuthError");
const AUTH_ERROR_CODES = new Set<string>(Object.values(AuthErrorCode));

/**
 * Thrown by every verification in this package; `code` says which check failed. Its message is written for the
 * caller (it never holds the token or the key), so boundaries may answer with it. Recognise it with
 * {@link isAuthError}, never by its name or message.
 */
export class AuthError extends Error {
  override readonly name = "AuthError";
  constructor(
    readonly code: AuthErrorCode,
    message: string,
  ) {
    super(message);
    Object.defineProperty(this, AUTH_ERROR, { value: true });
  }
}

/**
 * True when `error` is an {@link AuthError} (of any of the `codes`, when given): the typed check callers use
 * instead of comparing class names or message text.
 */
export function isAuthError(error: unknown, ...codes: AuthErrorCode[]): error is AuthError {
  const recognised =
    error instanceof AuthError ||
    (error instanceof Error && (error as { [AUTH_ERROR]?: unknown })[AUTH_ERROR] === true && AUTH_ERROR_CODES.has((error as { code?: unknown }).code as string));
  return recognised && (codes.length === 0 || codes.includes((error as AuthError).code));
}
