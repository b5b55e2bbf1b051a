// The part of libheif-js's WebAssembly bundle this app uses (the package ships only emscripten internals).
declare module "libheif-js/libheif-wasm/libheif-bundle.mjs" {
  type Pixels = { data: Uint8ClampedArray; width: number; height: number };
  export type HeifImage = {
    get_width(): number;
    get_height(): number;
    /** Fills `target` with RGBA pixels (orientation applied); calls back with null on failure. */
    display(target: Pixels, done: (result: Pixels | null) => void): void;
    free(): void;
  };
  export type LibHeif = { HeifDecoder: new () => { decode(bytes: Uint8Array): HeifImage[] } };
  const factory: () => LibHeif | Promise<LibHeif>;
  export default factory;
}
