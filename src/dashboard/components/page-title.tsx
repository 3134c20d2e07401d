import { useEffect } from "react";

/**
 * The page's heading, also the browser tab's title: a screen reader announces where the owner is,
 * and a tab left open says which page it is.
 */
export function PageTitle({ children }: { children: string }) {
  useEffect(() => {
    document.title = `${children} · Phone secretary`;
  }, [children]);
  return <h1>{children}</h1>;
}
