import { makeCanvas } from "./encode-jpeg";

/**
 * Converts HEIC/HEIF to a JPEG blob with libheif's WebAssembly build (~2 MB, loaded only when a HEIC photo
 * arrives). Unlike heic2any it evaluates no generated code, so the CSP needs no 'unsafe-eval'.
 */
export async function heicToJpeg(blob: Blob): Promise<Blob> {
  const { default: load } = await import("libheif-js/libheif-wasm/libheif-bundle.mjs");
  const libheif = await load();
  const images = new libheif.HeifDecoder().decode(new Uint8Array(await blob.arrayBuffer()));
  try {
    const image = images[0];
    if (!image) throw new Error("HEIC file holds no image");
    const size = { width: image.get_width(), height: image.get_height() };
    const { ctx, toJpeg } = makeCanvas(size);
    const pixels = ctx.createImageData(size.width, size.height);
    await new Promise<void>((resolve, reject) =>
      image.display(pixels, (result) => (result ? resolve() : reject(new Error("HEIC decoding failed")))),
    );
    ctx.putImageData(pixels, 0, 0);
    return await toJpeg(0.92);
  } finally {
    for (const image of images) image.free();
  }
}
