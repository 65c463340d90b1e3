/** D1 statements prepared through this binding (the turn's reads and writes). */
export function countingDb(real: D1Database): { db: D1Database; statements: string[] } {
  const statements: string[] = [];
  const db = new Proxy(real, {
    get(target, prop) {
      if (prop === "prepare")
        return (q: string) => {
          statements.push(q);
          return target.prepare(q);
        };
      const v = Reflect.get(target, prop);
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
  return { db, statements };
}
