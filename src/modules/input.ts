// Reading the file a request carries: MISP sends it as base64 in `data`.
import { decodeBase64, InvalidBase64Error } from '../util/base64.ts';
import { ModuleError } from './contract.ts';

/** The decoded `data` field, or a ModuleError with `missingMessage` when it is absent or unusable. */
export function fileData(data: unknown, missingMessage: string): Uint8Array {
  if (typeof data !== 'string' || data.trim() === '') throw new ModuleError(missingMessage);
  try {
    const bytes = decodeBase64(data);
    if (bytes.length === 0) throw new ModuleError(missingMessage);
    return bytes;
  } catch (error) {
    if (error instanceof InvalidBase64Error) throw new ModuleError(error.message);
    throw error;
  }
}

/** An optional string field; anything else is a mistake worth reporting. */
export function optionalString(request: Record<string, unknown>, key: string): string | undefined {
  const value = request[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ModuleError(`"${key}" must be a string.`);
  return value;
}
