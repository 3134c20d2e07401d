// The owner's session: the server turns the API token into an HttpOnly cookie, so the token is never
// kept by the page (not in localStorage, not in memory after the form is sent).

export type SignInResult = { ok: true } | { ok: false; message: string };

export async function signIn(token: string): Promise<SignInResult> {
  let response: Response;
  try {
    response = await fetch("/api/session", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token: token.trim() }),
    });
  } catch {
    return { ok: false, message: "Cannot reach the secretary. Check your connection and try again." };
  }
  if (response.ok) return { ok: true };
  if (response.status === 401) return { ok: false, message: "That is not the API token. Check it and try again." };
  if (response.status === 429) {
    const wait = Number(response.headers.get("retry-after")) || 60;
    return { ok: false, message: `Too many wrong tries. Try again in ${wait} seconds.` };
  }
  return { ok: false, message: `The secretary answered ${response.status}. Try again in a moment.` };
}

export async function signOut(): Promise<void> {
  // Signed out on the page whatever the server says: the cookie it cleared, or will refuse, is gone.
  await fetch("/api/session", { method: "DELETE" }).catch(() => undefined);
}

/**
 * Where to go after signing in: a path of this site only (`next` comes from the address bar, so a
 * link cannot send the owner elsewhere once signed in).
 */
export function afterSignIn(next: string | null): string {
  const ownPath = next?.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\");
  return next && ownPath && !next.startsWith("/signin") ? next : "/calls";
}

/** Whether this browser holds a live session (the cookie itself is out of the page's reach). */
export async function signedIn(): Promise<boolean> {
  const response = await fetch("/api/session").catch(() => undefined);
  return response?.ok === true;
}
