/** Stable codes for authentication failures. */
export enum AuthErrorCode {
  MissingCredentials = "MISSING_CREDENTIALS",
  InvalidToken = "INVALID_TOKEN",
  ExpiredToken = "EXPIRED_TOKEN",
  InvalidClaims = "INVALID_CLAIMS",
  MissingPrincipal = "MISSING_PRINCIPAL",
  ForgedPrincipal = "FORGED_PRINCIPAL",
  StalePrincipal = "STALE_PRINCIPAL",
}

/** Thrown by every verification in this package; `code` says which check failed. */
export class AuthError extends Error {
  override readonly name = "AuthError";
  constructor(
    readonly code: AuthErrorCode,
    message: string,
  ) {
    super(message);
  }
}
