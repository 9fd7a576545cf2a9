/** Rows grouped by `key`, each mapped by `val`; groups keep the rows' order (Map.groupBy needs Node 21). */
export function groupBy<T, V>(rows: readonly T[], key: (r: T) => string, val: (r: T) => V): Map<string, V[]> {
  const out = new Map<string, V[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(val(r));
    else out.set(k, [val(r)]);
  }
  return out;
}
