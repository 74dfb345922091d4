// OCR-aware indicator extraction: finds IPs, domains, URLs, e-mails, hashes, CVEs and more in text,
// typed the way MISP types them. Candidates are matched on a refanged copy of the text that keeps
// offsets to the original; each is validated in code; OCR slips are repaired only inside closed
// alphabets (hex, digits) or where a checksum or the lengths prove the repair, and every repaired
// value says so.
import ipaddr from 'ipaddr.js';
import { parse as parseHost } from 'tldts';
import { isValidBase58Check, isValidBech32Address } from './checksums.ts';
import { originalEnd, prepareText, type MappedText } from './text.ts';
import { filenameHashTypes, HASH_LENGTHS, hashTypes, TYPES, type TypeInfo } from './types.ts';

export interface Occurrence {
  /** Offsets in the original text. */
  start: number;
  end: number;
  /** The text as written there (defanged, misspelt, split…). */
  raw: string;
  /** 1-based page (pages are separated by `--- page N ---` lines) and line within the page. */
  page: number;
  line: number;
}

export interface Indicator {
  /** MISP's default type for the value. */
  type: string;
  /** Alternatives an analyst may choose, the default first. */
  types: string[];
  /** The value as MISP stores it (refanged, lower-cased where MISP lower-cases). */
  value: string;
  category: string;
  to_ids: boolean;
  comment: string;
  /** 0..1: lower for repaired values and for text the OCR engine was unsure of. */
  confidence: number;
  /** How the value was repaired from what was read; empty when read as is. */
  repairs: string[];
  occurrences: Occurrence[];
}

/** A stretch of the original text and the OCR engine's confidence in it (0..1). */
export interface ConfidenceSpan {
  start: number;
  end: number;
  confidence: number;
  /** The engine's first reading of this stretch was overruled by a second look at it. */
  revised?: boolean;
}

export interface ExtractOptions {
  /** Word confidences from the OCR engine, as spans of the original text. */
  confidences?: ConfidenceSpan[];
}

interface Candidate {
  type: string;
  info: TypeInfo;
  value: string;
  /** Offsets in the prepared text. */
  start: number;
  end: number;
  repairs: string[];
}

const CLEAN_CONFIDENCE = 0.95;
const REPAIRED_CONFIDENCE = 0.6;
/** Below this, an OCR word's confidence lowers the indicator's. */
const DOUBTFUL_WORD = 0.8;

export function extractIndicators(original: string, options: ExtractOptions = {}): Indicator[] {
  const prepared = prepareText(original);
  const scan = new Scan(prepared.text);
  findUrls(scan);
  findEmails(scan);
  findHashes(scan);
  findSsdeep(scan);
  findIPv6(scan);
  findIPv4(scan);
  findCves(scan);
  findBitcoin(scan);
  findRegistryKeys(scan);
  findFilenames(scan);
  findDomains(scan);
  findAsns(scan);
  pairFilenamesWithHashes(scan);
  return collect(scan.found, prepared, original, options.confidences ?? []);
}

/** The prepared text, the candidates found so far and the stretches they cover. */
class Scan {
  readonly found: Candidate[] = [];
  private readonly claimed: Uint8Array;
  constructor(readonly text: string) {
    this.claimed = new Uint8Array(text.length);
  }
  isFree(start: number, end: number): boolean {
    for (let i = start; i < end; i++) if (this.claimed[i]) return false;
    return true;
  }
  add(candidate: Omit<Candidate, 'info' | 'repairs'> & { info?: TypeInfo; repairs?: string[] }): void {
    if (!this.isFree(candidate.start, candidate.end)) return;
    this.claimed.fill(1, candidate.start, candidate.end);
    this.found.push({
      ...candidate,
      info: candidate.info ?? TYPES[candidate.type as keyof typeof TYPES],
      repairs: candidate.repairs ?? [],
    });
  }
  /** Matches of `pattern` (global) that do not overlap anything found already. */
  *matches(pattern: RegExp): Generator<RegExpExecArray> {
    for (const match of this.text.matchAll(pattern)) {
      if (this.isFree(match.index!, match.index! + match[0].length)) yield match as RegExpExecArray;
    }
  }
}

// ---- URLs ------------------------------------------------------------------------------------

const URL_PATTERN = /\b(?:https?|ftps?|sftp|tcp|udp|wss?):\/\/[^\s<>"'`|\\^{}]+/gi;
const TRAILING = /[.,;:!?'"\]}>*]$/;

/** Drops sentence punctuation and unbalanced closing brackets from the end of a URL. */
function trimUrl(url: string): string {
  for (;;) {
    if (TRAILING.test(url)) url = url.slice(0, -1);
    else if (url.endsWith(')') && count(url, '(') < count(url, ')')) url = url.slice(0, -1);
    else return url;
  }
}

const count = (text: string, char: string) => text.split(char).length - 1;

function findUrls(scan: Scan): void {
  for (const match of scan.matches(URL_PATTERN)) {
    let url = trimUrl(match[0]);
    const repairs: string[] = [];
    let end = match.index + url.length;
    // A URL cut by a line wrap: the line ends inside a path, the next line goes on with path characters.
    const rest = scan.text.slice(end);
    const wrapped = /^\n([\w\-./?=&%#~+]+)/.exec(rest);
    if (wrapped && /[/\-?=&_%.]$/.test(url) && !/^(?:https?|ftp):/i.test(wrapped[1])) {
      url = trimUrl(url + wrapped[1]);
      end += 1 + wrapped[1].length;
      repairs.push('joined a URL broken across lines');
    }
    const parsed = safeUrl(url);
    if (!parsed || !isPlausibleHost(parsed.hostname)) continue;
    // MISP keeps the path as written; scheme and host are case-insensitive, so lower-cased.
    const afterScheme = url.slice(url.indexOf('//') + 2);
    const authorityEnd = afterScheme.search(/[/?#]|$/);
    const value = `${parsed.protocol}//${afterScheme.slice(0, authorityEnd).toLowerCase()}${afterScheme.slice(authorityEnd)}`;
    scan.add({ type: 'url', value, start: match.index, end, repairs });
  }
}

function safeUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

function isPlausibleHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  if (ipaddr.isValid(bare)) return true;
  const parsed = parseHost(bare);
  return Boolean(parsed.isIcann && parsed.domain);
}

// ---- E-mail -----------------------------------------------------------------------------------

const EMAIL_PATTERN = /(?<![\w.%+-])[a-z0-9][a-z0-9._%+-]{0,63}@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(?![\w-])/gi;

function findEmails(scan: Scan): void {
  for (const match of scan.matches(EMAIL_PATTERN)) {
    const domain = match[0].split('@')[1];
    if (!isKnownDomain(domain)) continue;
    scan.add({ type: 'email-src', value: match[0].toLowerCase(), start: match.index, end: match.index + match[0].length });
  }
}

// ---- Hashes -----------------------------------------------------------------------------------

/** OCR confusions that are never hex digits, and the digit they stand for. */
// Not '|': in tables it is a column rule, not a misread 1.
const HEX_CONFUSABLES: Record<string, string> = { O: '0', o: '0', Q: '0', I: '1', l: '1', S: '5', Z: '2', G: '6', g: '9', q: '9' };
/** A run of hex digits and confusables, delimited by anything that cannot belong to a hash. */
const HEXISH_RUN = /(?<![0-9a-zA-Z_])[0-9a-fA-FOoQIlSZGgq]{6,128}(?![0-9a-zA-Z_])/g;
const HASH_LABEL = /\b(md5|sha-?1|sha-?224|sha-?256|sha-?384|sha-?512|hash|imphash)\b[^\n]{0,24}$/i;
const LABEL_LENGTHS: Record<string, number> = { md5: 32, sha1: 40, sha224: 56, sha256: 64, sha384: 96, sha512: 128 };

/** The length of the hash a label just before (on the same line: "| sha256 |", "MD5:") names, if any. */
export function labelledHashLength(lineBefore: string): number | undefined {
  const label = HASH_LABEL.exec(lineBefore)?.[1].toLowerCase().replace('-', '');
  return label ? LABEL_LENGTHS[label] : undefined;
}

interface HexRun {
  start: number;
  end: number;
  hex: string;
  confusables: number;
}

function toHexRun(match: RegExpExecArray): HexRun | undefined {
  let hex = '';
  let confusables = 0;
  for (const char of match[0]) {
    if (/[0-9a-fA-F]/.test(char)) hex += char;
    else {
      hex += HEX_CONFUSABLES[char];
      confusables++;
    }
  }
  // Mostly words with a few hex letters ("Deface", "collided") are not hash fragments; a run that
  // is a third digits or more is, even with several look-alikes in it.
  const digits = match[0].replace(/\D/g, '').length;
  if (!digits || (confusables > Math.max(2, hex.length / 16) && digits < hex.length / 3)) return undefined;
  return { start: match.index, end: match.index + match[0].length, hex: hex.toLowerCase(), confusables };
}

function findHashes(scan: Scan): void {
  const runs = [...scan.matches(HEXISH_RUN)].map(toHexRun);
  for (let i = 0; i < runs.length; i++) {
    const first = runs[i];
    if (!first) continue;
    // Extend across single spaces or line breaks while the pieces add up to a hash length.
    let chain = [first];
    let best: HexRun[] | undefined = HASH_LENGTHS.includes(first.hex.length) ? [first] : undefined;
    for (let j = i + 1; j < runs.length; j++) {
      const next = runs[j];
      const gap = next && scan.text.slice(chain[chain.length - 1].end, next.start);
      if (!next || !/^(?: |\n)$/.test(gap!)) break;
      chain = [...chain, next];
      const length = chain.reduce((sum, r) => sum + r.hex.length, 0);
      if (length > 128) break;
      if (HASH_LENGTHS.includes(length) && joinable(scan.text, chain, length)) best = chain;
    }
    if (!best) continue;
    const hex = best.map((r) => r.hex).join('');
    if (scan.text.slice(Math.max(0, first.start - 2), first.start).toLowerCase() === '0x') continue;
    const repairs: string[] = [];
    const confusables = best.reduce((sum, r) => sum + r.confusables, 0);
    if (confusables) repairs.push(`${confusables} look-alike character${confusables > 1 ? 's' : ''} read as hex digits`);
    if (best.length > 1) repairs.push(`joined ${best.length} pieces split by spaces or line breaks`);
    const start = first.start;
    const end = best[best.length - 1].end;
    scan.add({ type: hashTypes(hex.length)!.types[0], info: hashTypes(hex.length), value: hex, start, end, repairs });
    i += best.length - 1;
  }
}

/**
 * Pieces are joined when a label names a hash of the joined length, or when neither piece is a hash
 * on its own (a 64-digit hash split 32+32 is two MD5s to every other tool).
 */
function joinable(text: string, chain: HexRun[], length: number): boolean {
  const lineStart = text.lastIndexOf('\n', chain[0].start - 1) + 1;
  const labelled = labelledHashLength(text.slice(lineStart, chain[0].start));
  if (labelled === length) return true;
  if (labelled !== undefined) return false;
  // A whole hash followed by a stub that is no hash (40 + 24 = 64) is one hash broken late.
  const [head, ...tail] = chain;
  const tailLength = tail.reduce((sum, r) => sum + r.hex.length, 0);
  if (tail.some((r) => HASH_LENGTHS.includes(r.hex.length) || r.hex.length < 8)) return false;
  return !HASH_LENGTHS.includes(head.hex.length) || tailLength >= 16;
}

const SSDEEP_PATTERN = /(?<![\w:])\d{1,10}:[A-Za-z0-9/+]{3,64}:[A-Za-z0-9/+]{3,64}(?![\w/+:])/g;

function findSsdeep(scan: Scan): void {
  for (const match of scan.matches(SSDEEP_PATTERN)) {
    // Times and ratios (12:30:45) are digits only: a fuzzy hash has letters.
    if (!/[A-Za-z]/.test(match[0])) continue;
    scan.add({ type: 'ssdeep', value: match[0], start: match.index, end: match.index + match[0].length });
  }
}

// ---- IP addresses -----------------------------------------------------------------------------

const IPV6_PATTERN = /(?<![\w:.])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?:(?<=:)[0-9.]{7,15})?(?:\/\d{1,3})?(?![\w:]|\.\d)/gi;

function findIPv6(scan: Scan): void {
  for (const match of scan.matches(IPV6_PATTERN)) {
    const [address, prefix] = match[0].split('/');
    if (!address.includes('::') && address.split(':').length < 8) continue;
    if (!ipaddr.IPv6.isValid(address) || (prefix !== undefined && Number(prefix) > 128)) continue;
    const value = ipaddr.IPv6.parse(address).toString() + (prefix !== undefined ? `/${prefix}` : '');
    scan.add({ type: 'ip-dst', value, start: match.index, end: match.index + match[0].length });
  }
}

const DIGIT_CONFUSABLES: Record<string, string> = { O: '0', o: '0', Q: '0', D: '0', I: '1', l: '1', S: '5', Z: '2', B: '8' };
const OCTET = '[0-9OoQDIlSZB]{1,3}';
const SEPARATOR = '(?:\\.|,| ?\\. ?)';
const IPV4_PATTERN = new RegExp(
  `(?<![\\w.,/-])(${OCTET})(${SEPARATOR})(${OCTET})(${SEPARATOR})(${OCTET})(${SEPARATOR})(${OCTET})` +
    `(?:/(\\d{1,2})(?!\\d)|:(\\d{1,5})(?!\\d))?(?![\\w-]|[.,]\\d)`,
  'g',
);

function findIPv4(scan: Scan): void {
  for (const match of scan.matches(IPV4_PATTERN)) {
    const octets = [match[1], match[3], match[5], match[7]];
    const separators = [match[2], match[4], match[6]];
    const repairs: string[] = [];
    const digits = octets.map((o) => [...o].map((c) => DIGIT_CONFUSABLES[c] ?? c).join(''));
    // Letters must be rare and never the whole octet: "IS.OS.ID" is no address.
    const confusables = octets.join('').replace(/\d/g, '').length;
    // One look-alike may stand alone ("192.168.l.10"); more must sit among digits.
    if (confusables > 2 || (confusables > 1 && octets.some((o) => !/\d/.test(o)))) continue;
    if (confusables) repairs.push('look-alike letters read as digits');
    if (digits.some((d) => Number(d) > 255 || (d.length > 1 && d.startsWith('0')))) continue;
    const irregular = separators.filter((s) => s !== '.');
    if (irregular.length) {
      // One slip, or commas throughout (192,168,0,1); never a list like "1, 2, 3, 4".
      const allCommas = separators.every((s) => s === ',');
      if (!allCommas && irregular.length > 1) continue;
      repairs.push(allCommas ? 'commas read as dots' : `"${irregular[0]}" read as a dot`);
    }
    // Version strings: "version 1.2.3.4", "v1.2.3.4".
    if (/(?:\bv|version\s?|ver\.?\s?)$/i.test(scan.text.slice(Math.max(0, match.index - 8), match.index))) continue;
    const ip = digits.join('.');
    const [, , , , , , , , prefix, port] = match;
    if (prefix !== undefined && Number(prefix) > 32) continue;
    if (port !== undefined && (Number(port) === 0 || Number(port) > 65535)) continue;
    const end = match.index + match[0].length;
    if (port !== undefined) scan.add({ type: 'ip-dst|port', value: `${ip}|${port}`, start: match.index, end, repairs });
    else scan.add({ type: 'ip-dst', value: prefix !== undefined ? `${ip}/${prefix}` : ip, start: match.index, end, repairs });
  }
}

// ---- CVE, Bitcoin, registry, AS ---------------------------------------------------------------

// The prefix with one letter misread ("CVI-", "CYE-", "GVE-") still names a CVE when a year and a
// serial follow; the hyphens are then required.
const CVE_PATTERN = /\b(?:CVE(?:-| ?- ?| )|(?:C[VY][IL1F]|CYE|[CG]VE|CUE)-)([0-9OoIlSZ]{4})(?:-| ?- ?)([0-9OoIlSZ]{4,7})(?![\w-])/gi;

function findCves(scan: Scan): void {
  for (const match of scan.matches(CVE_PATTERN)) {
    const [year, serial] = [match[1], match[2]].map((part) => [...part].map((c) => DIGIT_CONFUSABLES[c] ?? c).join(''));
    if (Number(year) < 1999 || Number(year) > 2099) continue;
    const repairs: string[] = [];
    if (`${year}${serial}` !== match[1] + match[2]) repairs.push('look-alike letters read as digits');
    if (!/^CVE/i.test(match[0])) repairs.push('misread "CVE" prefix');
    else if (!/^CVE-\d{4}-\d+$/i.test(match[0].replace(/[OoIlSZ]/g, '0'))) repairs.push('spacing in the identifier');
    scan.add({ type: 'vulnerability', value: `CVE-${year}-${serial}`, start: match.index, end: match.index + match[0].length, repairs });
  }
}

const BTC_PATTERN = /(?<![\w])(?:[13][1-9A-HJ-NP-Za-km-z]{25,34}|bc1[ac-hj-np-z02-9]{11,71})(?![\w])/g;

function findBitcoin(scan: Scan): void {
  for (const match of scan.matches(BTC_PATTERN)) {
    const address = match[0];
    const valid = address.startsWith('bc1') ? isValidBech32Address(address) : isValidBase58Check(address);
    if (valid) scan.add({ type: 'btc', value: address, start: match.index, end: match.index + address.length });
  }
}

const REGKEY_PATTERN = /\b(?:HKLM|HKCU|HKCR|HKU|HKCC|HKEY_(?:LOCAL_MACHINE|CURRENT_USER|CLASSES_ROOT|USERS|CURRENT_CONFIG))\\[^\s"'<>|]+/g;

function findRegistryKeys(scan: Scan): void {
  for (const match of scan.matches(REGKEY_PATTERN)) {
    const key = match[0].replace(/[.,;:)\]]+$/, '');
    scan.add({ type: 'regkey', value: key, start: match.index, end: match.index + key.length });
  }
}

const ASN_PATTERN = /\bAS(?:N)?[ -]?(\d{1,10})\b/g;

function findAsns(scan: Scan): void {
  for (const match of scan.matches(ASN_PATTERN)) {
    const number = Number(match[1]);
    if (number === 0 || number > 4294967295) continue;
    scan.add({ type: 'AS', value: `AS${number}`, start: match.index, end: match.index + match[0].length });
  }
}

// ---- File names and domains ---------------------------------------------------------------------

/** Extensions of files analysts meet in reports. */
const FILE_EXTENSIONS =
  'exe|dll|sys|scr|cpl|ocx|bat|cmd|ps1|psm1|vbs|vbe|js|jse|wsf|hta|lnk|jar|msi|msp|iso|img|vhd|vhdx|zip|rar|7z|gz|tgz|tar|cab|' +
  'doc|docx|docm|dot|dotm|xls|xlsx|xlsm|xlsb|ppt|pptx|pptm|pdf|rtf|one|chm|sh|py|pl|rb|php|asp|aspx|jsp|elf|so|bin|dat|tmp|apk|dmg|pkg|deb|rpm';
/** Extensions that are also top-level domains: a file name unless the text says it is a domain. */
const EXTENSION_TLDS = new Set(['sh', 'py', 'pl', 'zip', 'mov', 'md', 'rs', 'so', 'bin', 'one', 'ps', 'cab', 'dat', 'img', 'rar', 'doc', 'tar', 'pdf', 'sys']);
const FILENAME_PATTERN = new RegExp(
  `(?<![\\w.@\\\\/-])(?:[A-Za-z]:\\\\(?:[^\\\\\\s"'<>|:*?]+\\\\)*)?[\\w-]+(?:\\.[\\w-]+)*\\.(?:${FILE_EXTENSIONS})(?![\\w-]|\\.[A-Za-z0-9])`,
  'gi',
);

function findFilenames(scan: Scan): void {
  for (const match of scan.matches(FILENAME_PATTERN)) {
    const name = match[0];
    const extension = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
    // "evil.pl" is as likely a Polish domain: leave names that read as domains to the domain matcher
    // unless they look like files (a path, or several dots as in report.pdf.exe).
    const isPath = name.includes('\\');
    if (EXTENSION_TLDS.has(extension) && !isPath && saysDomain(scan.text, match.index)) continue;
    if (!isPath && isKnownDomain(name) && !EXTENSION_TLDS.has(extension)) continue;
    scan.add({ type: 'filename', value: name, start: match.index, end: match.index + name.length });
  }
}

/** Whether the words just before a position introduce a network indicator. */
function saysDomain(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, text.lastIndexOf('\n', at - 1) + 1, at - 40), at);
  return /\b(domains?|hosts?(?:name)?|c2|c&c|command and control|server|fqdn|dns|site|website)\b[^\n]{0,12}$/i.test(before);
}

const DOMAIN_PATTERN = /(?<![\w@.\-/\\:])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9](?![\w-]|\.[a-z0-9]|@)/gi;

function isKnownDomain(host: string): boolean {
  const parsed = parseHost(host.toLowerCase());
  return Boolean(parsed.isIcann && parsed.domain && !parsed.isIp);
}

function findDomains(scan: Scan): void {
  for (const match of scan.matches(DOMAIN_PATTERN)) {
    const host = match[0];
    const labels = host.split('.');
    const tld = labels[labels.length - 1];
    // "the end.Next" and "Fig.Two": a capitalised last label after lower-case text is a sentence.
    if (/^[A-Z][a-z]/.test(tld) && /[a-z]/.test(labels[0])) continue;
    if (!isKnownDomain(host)) continue;
    // "notes.md", "run.sh": a file name unless the text says it is a domain.
    if (labels.length === 2 && EXTENSION_TLDS.has(tld.toLowerCase()) && !saysDomain(scan.text, match.index)) continue;
    const value = host.toLowerCase();
    const parsed = parseHost(value);
    // A scheme-less URL: the host goes on with a path.
    const path = /^\/[\w\-./?=&%#~+:@!$,;]*[\w\-/=&%#~+]/.exec(scan.text.slice(match.index + host.length));
    if (path) {
      scan.add({ type: 'url', value: value + path[0], start: match.index, end: match.index + host.length + path[0].length });
      continue;
    }
    const type = parsed.domain === value ? 'domain' : 'hostname';
    scan.add({ type, value, start: match.index, end: match.index + host.length });
  }
}

/** A table row naming a file and giving its hash: MISP's composite `filename|<hash>` types. */
function pairFilenamesWithHashes(scan: Scan): void {
  const lineOf = (offset: number) => scan.text.lastIndexOf('\n', offset - 1);
  const byLine = new Map<number, Candidate[]>();
  for (const candidate of scan.found) {
    const line = lineOf(candidate.start);
    byLine.set(line, [...(byLine.get(line) ?? []), candidate]);
  }
  for (const candidates of byLine.values()) {
    const files = candidates.filter((c) => c.type === 'filename');
    const hashes = candidates.filter((c) => c.info.types.includes(c.type) && hashTypes(c.value.length)?.types[0] === c.type);
    if (files.length !== 1 || hashes.length !== 1) continue;
    const [file, hash] = [files[0], hashes[0]];
    const info = filenameHashTypes(hash.value.length)!;
    scan.found.splice(scan.found.indexOf(file), 1);
    scan.found.splice(scan.found.indexOf(hash), 1, {
      type: info.types[0],
      info,
      value: `${file.value}|${hash.value}`,
      start: Math.min(file.start, hash.start),
      end: Math.max(file.end, hash.end),
      repairs: hash.repairs,
    });
  }
}

// ---- Results ----------------------------------------------------------------------------------

function collect(candidates: Candidate[], prepared: MappedText, original: string, confidences: ConfidenceSpan[]): Indicator[] {
  const pages = pageStarts(original);
  const byKey = new Map<string, Indicator>();
  for (const candidate of [...candidates].sort((a, b) => a.start - b.start)) {
    // Repairs made while refanging (misread brackets) count against the values they touched.
    for (const repair of new Set(prepared.repairs.slice(candidate.start, candidate.end))) {
      if (repair && !candidate.repairs.includes(repair)) candidate.repairs.push(repair);
    }
    const start = prepared.offsets[candidate.start];
    const end = originalEnd(prepared, candidate.end);
    const page = pages.filter((p) => p.offset <= start).pop()!;
    const line = original.slice(page.offset, start).split('\n').length - (page.number > 1 ? 2 : 0);
    const occurrence: Occurrence = { start, end, raw: original.slice(start, end), page: page.number, line };
    const spans = confidences.filter((s) => s.start < end && s.end > start);
    const ocrConfidence = Math.min(1, ...spans.map((s) => s.confidence));
    if (spans.some((s) => s.revised)) candidate.repairs.push('characters settled by reading the word again');
    let confidence = candidate.repairs.length ? REPAIRED_CONFIDENCE : CLEAN_CONFIDENCE;
    if (ocrConfidence < DOUBTFUL_WORD) confidence = Math.min(confidence, ocrConfidence);
    const key = `${candidate.type}|${candidate.value}`;
    const known = byKey.get(key);
    if (known) {
      known.occurrences.push(occurrence);
      // Read cleanly once is proof enough: the clean reading wins.
      if (confidence > known.confidence) {
        Object.assign(known, { confidence, repairs: candidate.repairs, to_ids: candidate.info.toIds && !candidate.repairs.length });
      }
      continue;
    }
    byKey.set(key, {
      type: candidate.type,
      types: candidate.info.types,
      value: candidate.value,
      category: candidate.info.category,
      // Values the OCR had to repair go to an analyst before they go to an IDS.
      to_ids: candidate.info.toIds && candidate.repairs.length === 0,
      comment: '',
      confidence,
      repairs: candidate.repairs,
      occurrences: [occurrence],
    });
  }
  const indicators = [...byKey.values()];
  for (const indicator of indicators) indicator.comment = describeIndicator(indicator, pages.length > 1);
  return indicators;
}

function describeIndicator(indicator: Indicator, paged: boolean): string {
  const where = indicator.occurrences
    .slice(0, 3)
    .map((o) => (paged ? `page ${o.page} line ${o.line}` : `line ${o.line}`))
    .join(', ');
  const more = indicator.occurrences.length > 3 ? ` and ${indicator.occurrences.length - 3} more` : '';
  let comment = `Found on ${where}${more}`;
  if (indicator.repairs.length) {
    comment += `; OCR repaired (${indicator.repairs.join('; ')}) from "${indicator.occurrences[0].raw.replace(/\s+/g, ' ')}"`;
  }
  return comment;
}

/** Where each page starts in the text: pages after the first begin at their `--- page N ---` line. */
function pageStarts(text: string): { number: number; offset: number }[] {
  const starts = [{ number: 1, offset: 0 }];
  for (const match of text.matchAll(/^--- page (\d+) ---$/gm)) starts.push({ number: Number(match[1]), offset: match.index! });
  return starts;
}
