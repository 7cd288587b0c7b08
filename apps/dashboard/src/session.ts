/**
 * The credential the app signs in with: an access token (JWT) or an API key, kept in session storage (gone when
 * the tab closes), sent as the `Authorization` header over HTTP and in `connectionParams` over graphql-ws.
 */
const KEY = "tracehub.credential";

export interface Credential {
  kind: "token" | "apiKey";
  value: string;
}

export function loadCredential(): Credential | null {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as Credential;
    return parsed.kind === "token" || parsed.kind === "apiKey" ? parsed : null;
  } catch {
    return null;
  }
}

export function saveCredential(credential: Credential | null): void {
  if (credential) sessionStorage.setItem(KEY, JSON.stringify(credential));
  else sessionStorage.removeItem(KEY);
}

/** The `Authorization` header value for a credential. */
export function authorization(credential: Credential): string {
  return credential.kind === "token" ? `Bearer ${credential.value}` : `ApiKey ${credential.value}`;
}

/** Reads what was pasted: an API key starts with the hub's key prefix, anything else is taken as a token. */
export function credentialFrom(input: string): Credential {
  const value = input.trim().replace(/^(Bearer|ApiKey)\s+/i, "");
  return /^thk_/.test(value) ? { kind: "apiKey", value } : { kind: "token", value };
}
