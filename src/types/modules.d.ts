// Type declarations for the untyped decoder packages we use.

declare module 'pngjs' {
  /** Decodes a whole PNG (a Buffer) to 8-bit RGBA (16-bit and palette images included). */
  export const PNG: {
    sync: {
      read(data: Uint8Array): { width: number; height: number; data: Uint8Array };
      /** Encodes 8-bit RGBA, or gray with those options (used by the benches to make pages). */
      write(
        image: { width: number; height: number; data: Uint8Array },
        options?: { colorType?: 0 | 2 | 4 | 6; inputColorType?: 0 | 2 | 4 | 6; inputHasAlpha?: boolean },
      ): Uint8Array;
    };
  };
}

declare module 'tesseract.js-core/tesseract-core-simd.js' {
  /** The Emscripten module of tesseract.js-core: its file system and Tesseract's C++ API. */
  export interface TesseractCoreModule {
    FS: { writeFile(path: string, data: Uint8Array): void };
    TessBaseAPI: new () => {
      Init(dataPath: string, language: string, engineMode: number): number;
      SetImageFile(): void;
      SetPageSegMode(mode: number): void;
      SetVariable(name: string, value: string): boolean;
      Recognize(monitor: null): number;
      GetIterator(): {
        Empty(level: number): boolean;
        GetUTF8Text(level: number): string;
        Confidence(level: number): number;
        Next(level: number): boolean;
      };
      /** Tesseract's box file of the last recognition: one glyph a line, `c left bottom right top page`. */
      GetBoxText(page: number): string;
      Clear(): void;
    };
  }
  const TesseractCore: (options: { wasmBinary: Uint8Array }) => Promise<TesseractCoreModule>;
  export default TesseractCore;
}

declare module 'tesseract.js-core/tesseract-core.js' {
  export { default } from 'tesseract.js-core/tesseract-core-simd.js';
}
