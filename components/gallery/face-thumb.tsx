export function FaceThumb({ url }: { url: string }) {
  return (
    <figure className="flex items-center gap-3">
      {/* eslint-disable-next-line @next/next/no-img-element -- owner-checked files, see gallery-thumb */}
      <img src={url} width={64} height={64} loading="lazy" alt="The face photo this headshot was made from" className="size-16 rounded-lg border border-surface-border object-cover" />
      <figcaption className="text-sm text-ink-muted">Face photo</figcaption>
    </figure>
  );
}
