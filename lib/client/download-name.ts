const MAX_SLUG = 60;

/** A file-name-safe slug: ASCII letters and digits joined by dashes, cut at a word boundary. */
export function slugify(text: string): string {
  const slug = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (slug.length <= MAX_SLUG) return slug;
  const cut = slug.slice(0, MAX_SLUG + 1);
  const lastDash = cut.lastIndexOf("-");
  return (lastDash > 0 ? cut.slice(0, lastDash) : slug.slice(0, MAX_SLUG)).replace(/-+$/, "");
}

/** e.g. "corporate-headshot-navy-suit-seed-42.png". */
export function downloadFilename(prompt: string, seed: number, ext = "png"): string {
  return `${slugify(prompt) || "headshot"}-seed-${seed}.${ext}`;
}

const IMAGE_EXT = /\.(png|jpe?g|webp)$/i;

/** The image extension in a URL's path ("jpg", "webp"…), or `fallback` when there is none. */
export function extensionFromUrl(url: string, fallback = "png"): string {
  const path = url.split(/[?#]/)[0] ?? "";
  const match = IMAGE_EXT.exec(path);
  return match?.[1] ? match[1].toLowerCase() : fallback;
}
