// Character alignment of two readings of one word, by edit distance: what the vote and the glyph
// measures use to tell which character of one reading stands where in the other.

/** For each character of `a`: the index of the character of `b` there (-1 when dropped), and the indices `b` inserts before it. */
export function align(a: string, b: string): { replaced: number[]; inserted: number[][] } {
  const n = a.length;
  const m = b.length;
  const cost: number[][] = Array.from({ length: n + 1 }, (_, i) => Array.from({ length: m + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      cost[i][j] = Math.min(cost[i - 1][j] + 1, cost[i][j - 1] + 1, cost[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  const replaced = new Array<number>(n).fill(-1);
  const inserted = Array.from({ length: n + 1 }, () => [] as number[]);
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    if (i > 0 && j > 0 && cost[i][j] === cost[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)) {
      replaced[--i] = --j;
    } else if (i > 0 && cost[i][j] === cost[i - 1][j] + 1) {
      replaced[--i] = -1;
    } else {
      inserted[i].unshift(--j);
    }
  }
  return { replaced, inserted };
}
