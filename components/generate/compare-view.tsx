"use client";

import dynamic from "next/dynamic";
import type { GenerationDto, OutputDto } from "@/lib/client/types";
import { headshotAlt } from "./headshot-alt";

// The slider's code is only fetched when someone opens the comparison.
const CompareSlider = dynamic(() => import("./compare-slider").then((m) => m.CompareSlider), {
  ssr: false,
  loading: () => <div className="aspect-square w-full animate-pulse rounded-lg bg-surface-sunken" />,
});

export function CompareView({ generation, output }: { generation: GenerationDto; output: OutputDto }) {
  return (
    <CompareSlider
      before={generation.face.url}
      after={output.url}
      beforeAlt="Your face photo"
      afterAlt={headshotAlt(generation.params.prompt)}
      width={output.width}
      height={output.height}
    />
  );
}
