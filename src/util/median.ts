/** The middle value (the upper one of an even count), or undefined for no values. */
export function median(values: number[]): number | undefined {
  if (!values.length) return undefined;
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}
