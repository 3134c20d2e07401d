/** Where a part of a page reports what the owner's change did ("Deleted “Parking”."). */
export type OnOutcome = (message: string) => void;

/** What was last done, said once in a live region: the list it changed may have moved under the owner. */
export function Outcome({ message }: { message: string }) {
  return (
    <p className="outcome" role="status">
      {message}
    </p>
  );
}
