import { ImageOff, Hourglass } from "lucide-react";
import type { GenerationDto } from "@/lib/client/types";
import { excerpt } from "./format";

/** The card image: the stored WebP thumbnail, or a placeholder while the job is open or after it failed. */
// Two columns on a phone: the first two rows are in view, and the first image is the likely LCP.
const EAGER = 4;

export function GalleryThumb({ generation, position }: { generation: GenerationDto; position: number }) {
  const output = generation.outputs[0];
  if (output) {
    return (
      // Plain <img>: files are owner-checked by cookie, which the next/image optimizer would not forward.
      // eslint-disable-next-line @next/next/no-img-element
      <img
        src={output.thumbUrl}
        width={output.width}
        height={output.height}
        loading={position < EAGER ? "eager" : "lazy"}
        fetchPriority={position === 0 ? "high" : "auto"}
        decoding="async"
        alt={excerpt(generation.params.prompt, 140)}
        className="aspect-square w-full bg-surface-sunken object-cover"
      />
    );
  }
  const Icon = generation.status === "failed" ? ImageOff : Hourglass;
  return (
    <div className="grid aspect-square w-full place-items-center bg-surface-sunken text-ink-faint">
      <Icon aria-hidden="true" className="size-8" />
    </div>
  );
}
