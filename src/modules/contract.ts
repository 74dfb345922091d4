// The contract every misp-modules module implements. A module is plain data (what /modules shows)
// plus a handler from a parsed request to a result; it never sees HTTP.
import type { DocumentReader } from '../ocr/reader.ts';

export type ModuleType = 'expansion' | 'import_mod' | 'export_mod' | 'action_mod';

/** The `meta` entry of /modules, with upstream's keys. */
export interface ModuleMeta {
  version: string;
  author: string;
  description: string;
  'module-type': string[];
  name: string;
  logo: string;
  requirements: string[];
  features: string;
  references: string[];
  input: string;
  output: string;
  /** Names of the settings MISP lets an admin set (arriving as `request.config[name]`). */
  config: string[];
}

/** What MISP reads from `mispattributes`: input types (expansion) or inputSource/userConfig (import). */
export type MispAttributes = Record<string, unknown>;

export interface ModuleContext {
  reader: DocumentReader;
  /** Aborted when the request's deadline passes. */
  signal: AbortSignal;
  /** Aborted when the answer is due: pass it to the reader, which then returns the pages read so far. */
  answerBy: AbortSignal;
  /** After how long `answerBy` aborts, in seconds, for messages. */
  answerBySeconds: number;
}

export type QueryRequest = Record<string, unknown>;

/** A module's answer: results in the simplified or misp_standard shape. */
export type ModuleResult = { results: unknown; [key: string]: unknown };

export interface MispModule {
  name: string;
  type: ModuleType;
  mispattributes: MispAttributes;
  meta: ModuleMeta;
  handler(request: QueryRequest, context: ModuleContext): Promise<ModuleResult>;
}

/** A problem with the request that the analyst can fix: the message is shown in MISP as is. */
export class ModuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModuleError';
  }
}
