import { type ReactNode, useEffect, useRef } from "react";

/**
 * A question before something that cannot be undone: a modal dialog (the page behind is inert, Escape
 * cancels) that says what is lost, with the destructive button named for what it does.
 */
export function ConfirmDialog(props: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm(): void;
  onCancel(): void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);
  return (
    <dialog ref={dialog} className="confirm" aria-labelledby="confirm-title" onCancel={props.onCancel}>
      <h2 id="confirm-title">{props.title}</h2>
      {props.children}
      {/* Cancel comes first: the dialog opens on it, so Enter pressed by habit loses nothing. */}
      <div className="row">
        <button type="button" className="quiet" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="button" className="danger" onClick={props.onConfirm}>
          {props.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
