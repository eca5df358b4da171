/** "Did you mean …?" for names that are one or two edits away from a known one. */

export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** The closest known name at most two edits away, if any. */
export function closest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const k of known) {
    const d = editDistance(name, k);
    if (d > 0 && d < bestD) [best, bestD] = [k, d];
  }
  return best;
}

export function didYouMean(name: string, known: readonly string[]): string {
  const c = closest(name, known);
  return c ? ` (did you mean "${c}"?)` : '';
}
