"use client";

import { Download, Images, RefreshCw, Sprout } from "lucide-react";
import Image from "next/image";
import Link from "next/link";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Spinner } from "@/components/ui/spinner";
import { downloadFilename, extensionFromUrl } from "@/lib/client/download-name";
import type { GenerationDto, OutputDto } from "@/lib/client/types";
import { excerpt } from "@/components/gallery/format";
import { focusRing } from "@/components/ui/focus-ring";
import { cn } from "@/lib/client/cn";
import { LazyCompareSlider } from "./lazy-compare-slider";
import { ParamsList } from "./params-list";
import { ViewToggle, type ResultView } from "./view-toggle";

/** Alt text for a generated image, taken from the prompt that made it. */
function headshotAlt(prompt: string): string {
  const text = excerpt(prompt, 160);
  return text ? `Generated headshot: ${text}` : "Generated headshot";
}

type Props = { generation: GenerationDto; output: OutputDto; onGenerateAgain: () => void; onReuseSeed: () => void; busy: boolean };

export function ResultCard({ generation, output, onGenerateAgain, onReuseSeed, busy }: Props) {
  const [view, setView] = useState<ResultView>("result");
  const { prompt, seed } = generation.params;
  return (
    <Card>
      <CardHeader className="flex-row flex-wrap items-center justify-between gap-3">
        <CardTitle>Your headshot is ready</CardTitle>
        <div className="flex items-center gap-2">
          {generation.simulated ? <Badge tone="warn">Simulated</Badge> : null}
          <ViewToggle value={view} onChange={setView} />
        </div>
      </CardHeader>
      <CardContent className="space-y-5">
        {view === "compare" ? (
          <LazyCompareSlider
            before={generation.face.url}
            after={output.url}
            beforeAlt="Your face photo"
            afterAlt={headshotAlt(prompt)}
            width={output.width}
            height={output.height}
          />
        ) : (
          <a href={output.url} target="_blank" rel="noreferrer" className={cn("block overflow-hidden rounded-lg bg-surface-sunken", focusRing)}>
            <Image
              src={output.url}
              alt={headshotAlt(prompt)}
              width={output.width}
              height={output.height}
              unoptimized
              priority
              className="h-auto w-full"
            />
          </a>
        )}
        <ParamsList generation={generation} />
      </CardContent>
      <CardFooter>
        <Button asChild>
          <a href={output.url} download={downloadFilename(prompt, seed, extensionFromUrl(output.url))}>
            <Download aria-hidden="true" />
            Download
          </a>
        </Button>
        <Button variant="secondary" onClick={onGenerateAgain} disabled={busy}>
          {busy ? <Spinner /> : <RefreshCw aria-hidden="true" />}
          Generate again
        </Button>
        <Button variant="secondary" onClick={onReuseSeed}>
          <Sprout aria-hidden="true" />
          Reuse seed
        </Button>
        <Button variant="ghost" asChild className="sm:ml-auto">
          <Link href="/gallery">
            <Images aria-hidden="true" />
            Gallery
          </Link>
        </Button>
      </CardFooter>
    </Card>
  );
}
