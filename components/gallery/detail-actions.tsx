import { Download, Shuffle, Sprout } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { downloadFilename } from "@/lib/client/download-name";
import type { GenerationDto } from "@/lib/client/types";
import { CopySeedButton } from "./copy-seed-button";
import { DeleteButton } from "./delete-button";

export function DetailActions({ generation, onDeleted }: { generation: GenerationDto; onDeleted: () => void }) {
  const { id, params, outputs } = generation;
  const from = encodeURIComponent(id);
  const output = outputs[0];
  return (
    <div className="flex flex-wrap gap-2">
      <Button asChild>
        <Link href={`/?from=${from}&reuse=seed`}>
          <Sprout aria-hidden="true" />
          Reuse seed
        </Link>
      </Button>
      <Button asChild variant="secondary">
        <Link href={`/?from=${from}&reuse=all`}>
          <Shuffle aria-hidden="true" />
          Remix
        </Link>
      </Button>
      {output ? (
        <Button asChild variant="secondary">
          <a href={output.url} download={downloadFilename(params.prompt, params.seed)}>
            <Download aria-hidden="true" />
            Download
          </a>
        </Button>
      ) : null}
      <CopySeedButton seed={params.seed} />
      <DeleteButton id={id} onDeleted={onDeleted} />
    </div>
  );
}
