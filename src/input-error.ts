/**
 * Something the owner gave that cannot be taken (a setting, a knowledge entry, a caller rule): which input
 * (`field`, a path such as `openingHours[2].closes`), and why. The API answers it as BAD_USER_INPUT
 * with the field; nothing was changed.
 */
export class InputError extends Error {
  override name = "InputError";
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** `text` without its surrounding blanks; empty, or longer than `maxLength`, is an InputError on `field`. */
export function checkedText(text: string, field: string, maxLength: number): string {
  const trimmed = text.trim();
  if (!trimmed) throw new InputError(field, `The ${field} is empty.`);
  if (trimmed.length > maxLength)
    throw new InputError(field, `The ${field} is longer than ${maxLength.toLocaleString("en-US")} characters.`);
  return trimmed;
}
