// Text clean-up before matching, keeping every character's offset in the original text so each
// indicator can point back at where it was read. Two passes: Unicode look-alikes (what PDF text
// layers and OCR engines produce), then defanging (what analysts write on purpose).

/** A text and, for each of its characters, the offset of the character it came from in the original. */
export interface MappedText {
  text: string;
  offsets: number[];
  /** For characters produced by an OCR repair rather than a plain refang: what was repaired. */
  repairs: (string | undefined)[];
}

/** Original offset of the end of a span ending at `end` (exclusive) in mapped text. */
export function originalEnd(mapped: MappedText, end: number): number {
  return end > 0 ? mapped.offsets[end - 1] + 1 : 0;
}

/** Characters that look like ASCII punctuation or spacing, and what they stand for. */
const LOOK_ALIKES: Record<string, string> = {
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2015': '-', '\u2212': '-', '\uFE63': '-',
  '\u201C': '"', '\u201D': '"', '\u201E': '"', '\u201F': '"', '\u00AB': '"', '\u00BB': '"',
  '\u2018': "'", '\u2019': "'", '\u201A': "'", '\u201B': "'", '\u2032': "'",
  '\u3002': '.', '\uFF0E': '.', '\u30FB': '.', '\uFF61': '.', '\u2024': '.',
  '\u00A0': ' ', '\u2002': ' ', '\u2003': ' ', '\u2009': ' ', '\u202F': ' ', '\u3000': ' ',
  '\uFB01': 'fi', '\uFB02': 'fl', '\uFB00': 'ff',
  '\u2044': '/', '\u2215': '/', '\uFF5C': '|', '\u00B7': '.',
};
/** Removed outright: a replacement space would split the token they sit in. */
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/;

export function normalizeLookAlikes(input: string): MappedText {
  let text = '';
  const offsets: number[] = [];
  const repairs: undefined[] = [];
  for (let i = 0; i < input.length; i++) {
    const char = input[i];
    let out: string;
    if (INVISIBLE.test(char)) out = '';
    else if (char in LOOK_ALIKES) out = LOOK_ALIKES[char];
    else {
      const code = char.charCodeAt(0);
      // Full-width ASCII (！ to ～) to ASCII.
      out = code >= 0xff01 && code <= 0xff5e ? String.fromCharCode(code - 0xfee0) : char === '\r' ? '' : char;
    }
    for (const c of out) {
      text += c;
      offsets.push(i);
      repairs.push(undefined);
    }
  }
  return { text, offsets, repairs };
}

type Replacement = string | ((match: string, ...groups: string[]) => string);

/** Characters the OCR engine reads instead of the brackets of a defang notation. */
const OPEN = "[[({|lI1]";
const CLOSE = "[\\])}|lI1J]";

/**
 * Defang notations and what they stand for, matched case-insensitively, longest first where they
 * overlap. A third element marks a rule that also undoes OCR misreadings of the notation: the values
 * it touches are reported as repaired.
 */
const DEFANGS: [RegExp, Replacement, string?][] = [
  // Schemes: hxxp, hXXps, hxtp, htxp, h**p, h__p, meow; fxp → ftp. Only when a scheme separator follows.
  [/\b(?:hxxp|hxtp|htxp|h\*\*p|h__p|meow)(s?)(?=\s*(?:[[({|lI1]{0,2}\s?:|\[:\/\/\]))/gi, (_m, s) => `http${s.toLowerCase()}`],
  [/\bfxp(?=\s*(?:\[:\]|:|\[:\/\/\]))/gi, 'ftp'],
  [/\[:\/\/\]|\(:\/\/\)|\{:\/\/\}/g, '://'],
  [/\[:\]|\(:\)|\{:\}/g, ':'],
  // "https l:]//", "https|[:]//", "https[:1/": misread brackets, a lost slash.
  [new RegExp(`(?<=\\b(?:https?|ftp))(?!:\\/\\/)\\s?${OPEN}{0,2}\\s?:\\s?${CLOSE}{0,2}\\s?\\/\\/?(?=[a-z0-9])`, 'gi'), '://', 'misread defang brackets'],
  [/\[\/\]|\(\/\)|\{\/\}/g, '/'],
  // Stray bars and brackets around a defanged dot: "example|[.]com", "example][.]com".
  [/[|\]](?=\[\.\])/g, '', 'misread defang brackets'],
  [/\s?(?:\[\s?(?:\.|dot)\s?\]|\(\s?(?:\.|dot)\s?\)|\{\s?(?:\.|dot)\s?\}|<\s?(?:\.|dot)\s?>)\s?/gi, '.'],
  // "[.1biz", "[. Jtop", "{.Jorg", "[.Ibiz", "[.lio", "(dot}", "{dot)": a defanged dot whose closing
  // bracket was misread. Upper-case I and J only: "[.info" is a half-bracketed dot before "info".
  // The opening one too, as a bar or a closing bracket: "jasper98|.Jinfo", "kelp28].]org".
  [/(?<=[a-zA-Z0-9])(?:[[{(|\]]\. ?[1lIJ)}\]|]|\((?:dot|DOT)[}\]]|\{(?:dot|DOT)[)\]]|\[(?:dot|DOT)[)}])(?=[a-z])/g, '.', 'misread defang brackets'],
  // "[Jco", "{Jorg", "{ Jtop": the dot of "[.]" lost and its closing bracket read as J.
  [/(?<=[a-zA-Z0-9])[[({] ?J(?=[a-z]{2})/g, '.', 'misread defang brackets'],
  // "105(,)34(.,)150", "ciphers7{,}biz": the dot of a defanged dot read as a comma.
  [/(?<=[a-zA-Z0-9])(?:\(\.?,\.?\)|\[\.?,\.?\]|\{\.?,\.?\})(?=[a-zA-Z0-9])/g, '.', 'misread defang brackets'],
  // "lattice40{}top", "nimbus40[]xyz", "lattice40{ }top": the dot inside the brackets lost.
  [/(?<=[a-zA-Z0-9])(?:\[ ?\]|\{ ?\}|\(\))(?=[a-z]{2})/g, '.', 'misread defang brackets'],
  // "co[.]Juk": a capital J glued after a defanged dot, before lower case, is a misread bracket.
  [/(?<=[a-z0-9]\.)J(?=[a-z]{2})/g, '', 'misread defang brackets'],
  // A dot escaped with a backslash (evil\.com), and half-bracketed dots (evil[.com, evil.]com).
  [/(?<=[a-z0-9])\\\.(?=[a-z0-9])/gi, '.'],
  [/(?<=[a-z0-9])(?:\[\.|\.\])(?=[a-z0-9])/gi, '.'],
  [/(?<=[a-z0-9])-dot-(?=[a-z0-9])/gi, '.'],
  [/\s?(?:\[\s?(?:@|at)\s?\]|\(\s?(?:@|at)\s?\)|\{\s?(?:@|at)\s?\})\s?/gi, '@'],
  // "(at]", "[at)", "[atl", "lat]": a defanged @ with one bracket misread, between word characters.
  [/(?<=[a-z0-9])(?:[[({]at[\])}lI1J]|[lI1|f]at[\])}])(?=[a-z0-9])/gi, '@', 'misread defang brackets'],
];

/** Passes over the rules at most (a pass over 380,000 characters of the samples' text takes about 0.25 s). */
const MAX_PASSES = 4;

/** Undoes defanging; every output character keeps the offset of the input character it replaces. */
export function refang(input: MappedText): MappedText {
  // One rule can make the context of another ("[at].1hxxp://": once the misread bracket goes,
  // "hxxp" starts a word), so the rules run again until they change nothing.
  let current = input;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const before = current.text;
    for (const [pattern, replacement, repair] of DEFANGS) current = replaceMapped(current, pattern, replacement, repair);
    if (current.text === before) break;
  }
  return current;
}

function replaceMapped(input: MappedText, pattern: RegExp, replacement: Replacement, repair?: string): MappedText {
  let text = '';
  const offsets: number[] = [];
  const repairs: (string | undefined)[] = [];
  // A rule that only deletes marks the character after the deletion as repaired.
  const repairedAfterDeletion: number[] = [];
  let last = 0;
  const keep = (from: number, to: number) => {
    text += input.text.slice(from, to);
    // One by one: spreading a long stretch into push() overflows the call stack (about 125,000
    // characters, a document of some thirty pages).
    for (let k = from; k < to; k++) {
      offsets.push(input.offsets[k]);
      repairs.push(input.repairs[k]);
    }
  };
  for (const match of input.text.matchAll(pattern)) {
    const start = match.index!;
    keep(last, start);
    const out = typeof replacement === 'string' ? replacement : replacement(match[0], ...match.slice(1));
    // Replacement characters point at the start of what they replace, and keep any repair made to it.
    const replacedRepair = repair ?? input.repairs.slice(start, start + match[0].length).find(Boolean);
    for (let k = 0; k < out.length; k++) {
      text += out[k];
      offsets.push(input.offsets[Math.min(start + k, start + match[0].length - 1)]);
      repairs.push(replacedRepair);
    }
    if (!out.length && repair && start + match[0].length < input.text.length) repairedAfterDeletion.push(text.length);
    last = start + match[0].length;
  }
  keep(last, input.text.length);
  for (const at of repairedAfterDeletion) repairs[at] ??= repair;
  return { text, offsets, repairs };
}

/** Look-alikes normalized, then defanging undone: the text the matchers read. */
export function prepareText(original: string): MappedText {
  return refang(normalizeLookAlikes(original));
}
