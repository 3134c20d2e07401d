/**
 * A search snippet with the matching words marked: the API brackets them as [[word]]; the text
 * stays text (React escapes it), only the marks are elements.
 */
export function Highlighted({ snippet }: { snippet: string }) {
  const parts = snippet.split(/\[\[(.*?)\]\]/s);
  return (
    <>
      {parts.map((part, index) =>
        // Odd parts are the words between the brackets.
        // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one snippet never move.
        index % 2 === 1 ? <mark key={index}>{part}</mark> : <span key={index}>{part}</span>,
      )}
    </>
  );
}
