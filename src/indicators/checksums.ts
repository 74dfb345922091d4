// Checksums of the indicator kinds that carry one: the only repairs and validations that are
// provably right.
import { createHash } from 'node:crypto';

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** Base58Check (legacy Bitcoin addresses, 1… and 3…): 25 bytes whose last 4 are a double SHA-256. */
export function isValidBase58Check(address: string): boolean {
  let value = 0n;
  for (const char of address) {
    const digit = BASE58.indexOf(char);
    if (digit < 0) return false;
    value = value * 58n + BigInt(digit);
  }
  const bytes: number[] = [];
  while (value > 0n) {
    bytes.unshift(Number(value & 0xffn));
    value >>= 8n;
  }
  for (const char of address) {
    if (char !== '1') break;
    bytes.unshift(0); // each leading '1' is a leading zero byte
  }
  if (bytes.length !== 25) return false;
  const payload = Uint8Array.from(bytes.slice(0, 21));
  const digest = createHash('sha256').update(createHash('sha256').update(payload).digest()).digest();
  return bytes.slice(21).every((b, i) => b === digest[i]);
}

const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';

function polymod(values: number[]): number {
  const generators = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let checksum = 1;
  for (const value of values) {
    const top = checksum >>> 25;
    checksum = ((checksum & 0x1ffffff) << 5) ^ value;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) checksum ^= generators[i];
  }
  return checksum >>> 0;
}

/** Bech32 / Bech32m segwit addresses (bc1…), lower case. */
export function isValidBech32Address(address: string): boolean {
  const separator = address.lastIndexOf('1');
  const hrp = address.slice(0, separator);
  if (hrp !== 'bc' || address.length > 90 || address.length - separator < 7) return false;
  const data = [...address.slice(separator + 1)].map((c) => BECH32.indexOf(c));
  if (data.some((d) => d < 0)) return false;
  const expanded = [...[...hrp].map((c) => c.charCodeAt(0) >> 5), 0, ...[...hrp].map((c) => c.charCodeAt(0) & 31)];
  const check = polymod([...expanded, ...data]);
  return check === 1 || check === 0x2bc830a3;
}
