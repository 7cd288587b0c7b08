import { type FormEvent, useState } from "react";
import { type Credential, credentialFrom } from "../session";

/** Sign-in with an access token or an API key (kept in session storage only). */
export function SignIn({ onSignIn }: { onSignIn: (credential: Credential) => void }) {
  const [value, setValue] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (value.trim()) onSignIn(credentialFrom(value));
  };
  return (
    <main id="main" className="signin">
      <h1>Sign in to tracehub</h1>
      <p>
        Paste an access token or an API key (<code>thk_…</code>). It stays in this tab only (session storage), and you see exactly what the API lets it
        see. Developers get a token with <code>npm run token</code>.
      </p>
      <form onSubmit={submit}>
        <label htmlFor="credential">Access token or API key</label>
        <textarea id="credential" name="credential" rows={4} value={value} onChange={(e) => setValue(e.target.value)} autoComplete="off" spellCheck={false} />
        <button type="submit">Sign in</button>
      </form>
    </main>
  );
}
