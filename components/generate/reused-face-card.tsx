"use client";

import { ImageUp } from "lucide-react";
import Image from "next/image";
import { useId } from "react";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/field";

export type ReusedFace = { id: string; url: string };

type CardProps = { face: ReusedFace; disabled?: boolean; error?: string; onReplace: () => void };

export function ReusedFaceCard({ face, disabled, error, onReplace }: CardProps) {
  const id = useId();
  return (
    <div role="group" aria-labelledby={`${id}-label`} aria-describedby={`${id}-desc`} className="space-y-2">
      <p id={`${id}-label`} className="text-sm font-medium text-ink">
        Face photo
      </p>
      <div className="flex items-center gap-4 rounded-xl border border-surface-border bg-white p-3 sm:p-4">
        <div className="relative size-16 shrink-0 overflow-hidden rounded-lg bg-surface-sunken">
          <Image src={face.url} alt="The face photo from that generation" fill sizes="64px" unoptimized className="object-cover" />
        </div>
        <div className="min-w-0 flex-1 space-y-2">
          <p id={`${id}-desc`} className="text-sm text-ink">
            Using the face photo from that generation
          </p>
          <Button variant="secondary" size="sm" onClick={onReplace} disabled={disabled}>
            <ImageUp aria-hidden="true" />
            Use a different photo
          </Button>
        </div>
      </div>
      {error ? <FieldError>{error}</FieldError> : null}
    </div>
  );
}
