/** Where a phrase sits in the text it was found in, so it can be cut out. */
export interface Span {
  start: number;
  end: number;
}

/** Speech-to-text mixes typographic and plain apostrophes; every pattern here expects plain ones. */
export function plain(text: string): string {
  return text.replace(/[\u2018\u2019]/g, "'");
}

export function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

export function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[a-z][a-z'-]*|\d+/g) ?? [];
}

export function wordCount(text: string): number {
  return wordsOf(text).length;
}

/** Keypad presses reach the agent as a caller line "Keypad: 5551234". */
export function isKeypadEntry(text: string): boolean {
  return /^\s*keypad\s*:/i.test(text);
}
