/** A problem with the document itself: the message is meant for the analyst. */
export class DocumentError extends Error {
  constructor(message: string, readonly code: 'corrupt' | 'unsupported' | 'too-large') {
    super(message);
    this.name = 'DocumentError';
  }
}
