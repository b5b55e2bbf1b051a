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
