/**
 * `promise`'s value, or undefined if it has not settled after `ms`: for work the caller can do
 * without (a returning caller's name, the call's history) rather than keep a caller waiting.
 * A rejection still rejects.
 */
export function giveUpAfter<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
