"use client";

import dynamic from "next/dynamic";
import { FacePhotoInput } from "@/components/upload/face-photo-input";
import type { PreparedFace } from "@/lib/client/prepare-face";
import type { ReusedFace } from "./reused-face-card";

export type { ReusedFace };
export type FaceState = { prepared: PreparedFace | null; reused: ReusedFace | null };

// Only shown when settings are reused from an earlier generation; it brings next/image, so it loads then.
const ReusedFaceCard = dynamic(() => import("./reused-face-card").then((m) => m.ReusedFaceCard));

type Props = { value: FaceState; onChange: (next: FaceState) => void; disabled?: boolean; error?: string };

export function FaceField({ value, onChange, disabled, error }: Props) {
  if (!value.reused) {
    return (
      <FacePhotoInput value={value.prepared} onChange={(prepared) => onChange({ prepared, reused: null })} disabled={disabled} error={error} />
    );
  }
  return <ReusedFaceCard face={value.reused} disabled={disabled} error={error} onReplace={() => onChange({ ...value, reused: null })} />;
}
