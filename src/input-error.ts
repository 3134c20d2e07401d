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
