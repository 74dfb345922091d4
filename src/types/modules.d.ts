// Type declarations for the untyped decoder packages we use.

declare module 'image-decode' {
  interface DecodedImage {
    data: Uint8Array;
    width: number;
    height: number;
  }
  function decode(data: ArrayBuffer | Uint8Array, type?: string): DecodedImage | null;
  export default decode;
}
