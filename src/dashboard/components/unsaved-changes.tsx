import { useEffect, useRef, useState } from "react";
import { useLocation } from "wouter";

/**
 * Keeps unsaved changes from being lost without a word: while `unsaved` names any, following a link
 * of the app asks first (a modal dialog), and closing or reloading the tab gets the browser's own
 * warning.
 */
export function UnsavedChangesGuard({ unsaved }: { unsaved: readonly string[] }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [, navigate] = useLocation();
  const [leavingTo, setLeavingTo] = useState<string>();
  const guarding = unsaved.length > 0;

  useEffect(() => {
    if (!guarding) return;
    // Captured on the document, before the router's own click handler sees the link.
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
      const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
      if (!(link instanceof HTMLAnchorElement) || link.target || link.origin !== window.location.origin) return;
      // A link within this page (the skip link) leaves nothing behind.
      if (link.pathname === window.location.pathname && link.search === window.location.search) return;
      event.preventDefault();
      event.stopPropagation();
      setLeavingTo(`${link.pathname}${link.search}${link.hash}`);
      dialog.current?.showModal();
    };
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    document.addEventListener("click", onClick, true);
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => {
      document.removeEventListener("click", onClick, true);
      window.removeEventListener("beforeunload", onBeforeUnload);
    };
  }, [guarding]);

  return (
    <dialog ref={dialog} aria-labelledby="unsaved-changes-title" className="unsaved-changes">
      <h2 id="unsaved-changes-title">Leave without saving?</h2>
      <p>
        Your changes to {unsaved.join(", ").toLowerCase()} are not saved yet. Leaving this page loses them; the
        secretary goes on with the settings as saved.
      </p>
      <div className="row">
        <button type="button" onClick={() => dialog.current?.close()}>
          Stay and keep editing
        </button>
        <button
          type="button"
          className="danger"
          onClick={() => {
            dialog.current?.close();
            if (leavingTo) navigate(leavingTo);
          }}
        >
          Leave without saving
        </button>
      </div>
    </dialog>
  );
}
