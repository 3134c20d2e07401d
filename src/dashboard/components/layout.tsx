import type { ReactNode } from "react";
import { Link, useLocation } from "wouter";
import { isOver, useLiveCalls } from "../live-calls";
import { signOut } from "../session";

const PAGES = [
  { path: "/live", label: "Live" },
  { path: "/calls", label: "Calls" },
  { path: "/todo", label: "To-do" },
  { path: "/stats", label: "Stats" },
  { path: "/settings", label: "Settings" },
];

/** The frame of every signed-in page: a skip link, the navigation, sign out. */
export function Layout({ children }: { children: ReactNode }) {
  const [location, navigate] = useLocation();
  const current = PAGES.find((page) => location === page.path || location.startsWith(`${page.path}/`));
  const liveCalls = useLiveCalls().calls?.filter((call) => !isOver(call)).length ?? 0;
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top-bar">
        <span className="brand">Phone secretary</span>
        <nav aria-label="Pages">
          <ul className="inline-list">
            {PAGES.map((page) => (
              <li key={page.path}>
                <Link href={page.path} aria-current={page === current ? "page" : undefined}>
                  {page.label}
                  {page.path === "/live" && liveCalls > 0 && (
                    <span className="nav-count">
                      {" "}
                      {liveCalls}
                      <span className="visually-hidden"> {liveCalls === 1 ? "call" : "calls"} in progress</span>
                    </span>
                  )}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <button
          type="button"
          className="quiet"
          onClick={async () => {
            await signOut();
            navigate("/signin");
          }}
        >
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
