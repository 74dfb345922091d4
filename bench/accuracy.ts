// Character accuracy of a reading against the known text: 1 - edit distance / length, after both
// are normalized the same way. Shared by the evaluation and the tests.

/** Lines trimmed, inner runs of blanks folded, empty lines and page markers dropped. */
export function normalize(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line && !/^--- page \d+ ---$/.test(line))
    .join('\n');
}

export function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

export function characterAccuracy(read: string, truth: string): number {
  const expected = normalize(truth);
  return Math.max(0, 1 - levenshtein(normalize(read), expected) / expected.length);
}
