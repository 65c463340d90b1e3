/**
 * Wraps an async call so each call starts only after the previous one settled. Two requests sent
 * back to back (the console's presence on load, then the agent's choice) can otherwise reach the
 * server in either order, and the older one would win.
 */
export function serial<A extends unknown[], R>(
  fn: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  let tail: Promise<unknown> = Promise.resolve();
  return (...args: A) => {
    const next = tail.then(
      () => fn(...args),
      () => fn(...args),
    );
    tail = next.catch(() => undefined);
    return next;
  };
}
