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

declare module 'utif' {
  export interface Ifd {
    width: number;
    height: number;
    [tag: `t${number}`]: number[] | string[] | undefined;
  }
  const UTIF: {
    decode(buffer: ArrayBuffer | Uint8Array): Ifd[];
    decodeImage(buffer: ArrayBuffer | Uint8Array, ifd: Ifd, ifds?: Ifd[]): void;
    toRGBA8(ifd: Ifd): Uint8Array;
  };
  export default UTIF;
}
