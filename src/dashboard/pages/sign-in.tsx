import { type FormEvent, useEffect, useState } from "react";
import { useSearch } from "wouter";
import { afterSignIn, signedIn, signIn } from "../session";

/**
 * Sign in with the API token the server printed at start-up (or API_TOKEN). The page that sent the
 * owner here is reloaded whole afterwards: a fresh start, with the new session's cookie.
 */
export function SignInPage() {
  const next = new URLSearchParams(useSearch()).get("next");
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const token = new FormData(event.currentTarget).get("token");
    if (typeof token !== "string" || token.trim() === "") {
      setError("Paste the API token first.");
      return;
    }
    setBusy(true);
    const result = await signIn(token);
    setBusy(false);
    if (result.ok) window.location.assign(afterSignIn(next));
    else setError(result.message);
  }

  useEffect(() => {
    document.title = "Sign in · Phone secretary";
  }, []);
  // A tab sent here while another tab signed in goes straight on.
  useEffect(() => {
    void signedIn().then((yes) => yes && window.location.assign(afterSignIn(next)));
  }, [next]);
  return (
    <main id="main" className="sign-in">
      <h1>Phone secretary</h1>
      <form onSubmit={submit} noValidate>
        <label htmlFor="token">API token</label>
        <p id="token-help" className="hint">
          The server prints it when it starts (or it is the <code>API_TOKEN</code> you set). You stay signed in on this
          browser for 30 days.
        </p>
        <input
          id="token"
          name="token"
          type="password"
          autoComplete="current-password"
          required
          aria-describedby={error ? "token-help token-error" : "token-help"}
          aria-invalid={error ? true : undefined}
        />
        {error && (
          <p id="token-error" className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
