declare module "heic-convert" {
  type Options = { buffer: ArrayBufferLike | Uint8Array; format: "JPEG" | "PNG"; quality?: number };
  function convert(options: Options): Promise<ArrayBuffer | Uint8Array>;
  export default convert;
}
