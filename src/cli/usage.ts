import { readFile } from 'node:fs/promises';

/** A mistake in how the command was called: reported in one line, exit code 2, no stack trace. */
export class UsageError extends Error {}

/** A file named on the command line; one that cannot be read is a usage mistake, said in one line. */
export async function readNamedFile(file: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(file));
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
}
