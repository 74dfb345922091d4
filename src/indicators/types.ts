// MISP attribute types as MISP's freetext import offers them: the default type, the alternatives an
// analyst may pick instead, and the default category and IDS flag of each default type
// (MISP's attribute type definitions).

export interface TypeInfo {
  types: string[];
  category: string;
  toIds: boolean;
}

const network = (types: string[], toIds = true): TypeInfo => ({ types, category: 'Network activity', toIds });
const payload = (types: string[]): TypeInfo => ({ types, category: 'Payload delivery', toIds: true });

/** Hash types by hex length; the first is MISP's default, the rest its alternatives. */
const HASHES: Record<number, string[]> = {
  32: ['md5', 'imphash', 'x509-fingerprint-md5', 'ja3-fingerprint-md5'],
  40: ['sha1', 'pehash', 'x509-fingerprint-sha1', 'cdhash'],
  56: ['sha224', 'sha512/224'],
  64: ['sha256', 'authentihash', 'sha512/256', 'x509-fingerprint-sha256'],
  96: ['sha384'],
  128: ['sha512'],
};

export const HASH_LENGTHS = Object.keys(HASHES).map(Number);

export const TYPES = {
  'ip-dst': network(['ip-dst', 'ip-src', 'ip-src/ip-dst']),
  'ip-dst|port': network(['ip-dst|port', 'ip-src|port', 'ip-src|port/ip-dst|port']),
  domain: network(['domain', 'hostname']),
  hostname: network(['hostname', 'domain']),
  url: network(['url', 'link']),
  'email-src': payload(['email-src', 'email-dst', 'email', 'target-email', 'whois-registrant-email']),
  ssdeep: payload(['ssdeep']),
  filename: payload(['filename']),
  regkey: { types: ['regkey'], category: 'Persistence mechanism', toIds: true },
  vulnerability: { types: ['vulnerability'], category: 'External analysis', toIds: false },
  AS: network(['AS'], false),
  btc: { types: ['btc'], category: 'Financial fraud', toIds: true },
  text: { types: ['text'], category: 'Other', toIds: false },
} satisfies Record<string, TypeInfo>;

export function hashTypes(length: number): TypeInfo | undefined {
  const types = HASHES[length];
  return types && payload(types);
}

/** `filename|md5` and its kin, for a file name and a hash read on the same table row. */
export function filenameHashTypes(length: number): TypeInfo | undefined {
  const types = HASHES[length];
  return types && payload(types.filter((t) => !t.startsWith('x509') && !t.startsWith('ja3')).map((t) => `filename|${t}`));
}
