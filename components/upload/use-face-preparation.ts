import { useCallback, useEffect, useRef, useState } from "react";
import { FaceInputError, IMAGE_MESSAGES } from "@/lib/images/limits";
import type { PreparedFace } from "@/lib/client/prepare-face";

type Options = { value: PreparedFace | null; onChange: (value: PreparedFace | null) => void };

// Importing the checker starts its worker and the detector loading: when a photo is chosen, beside its preparation.
const loadChecker = () => import("@/lib/client/face-check");
/** The checklist's code is fetched with the checker, so it is there when the verdict arrives. */
export const loadChecklist = () => import("./face-checklist");

/**
 * Runs prepareFace for the latest chosen file only (a quick second pick wins), then the on-device face check
 * (lib/client/face-check.ts: the photo is shown and usable meanwhile; `value.check` follows its progress).
 * Owns the preview object URLs it creates: the replaced or removed one is revoked.
 */
export function useFacePreparation({ value, onChange }: Options) {
  const [preparing, setPreparing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const latestRun = useRef(0);
  const current = useRef(value);

  useEffect(() => {
    current.current = value;
  }, [value]);

  useEffect(
    () => () => {
      latestRun.current += 1;
    },
    [],
  );

  const choose = useCallback(
    async (file: File) => {
      const run = ++latestRun.current;
      setPreparing(true);
      setError(null);
      // Without the checker's code (offline mid-way) the photo is still usable, just unchecked.
      const checker = loadChecker().catch(() => null);
      void loadChecklist();
      let face: PreparedFace;
      try {
        // Decoding and resizing code is only needed once a photo is chosen.
        const { prepareFace } = await import("@/lib/client/prepare-face");
        face = await prepareFace(file);
      } catch (err) {
        if (run === latestRun.current) {
          setError(err instanceof FaceInputError ? err.message : IMAGE_MESSAGES.unreadable);
          setPreparing(false);
        }
        return;
      }
      const check = await checker;
      if (run !== latestRun.current) return URL.revokeObjectURL(face.previewUrl);
      if (current.current) URL.revokeObjectURL(current.current.previewUrl);
      // The check's progress replaces the value, until another photo (or none) is chosen.
      const publish = (next: PreparedFace) => {
        if (run !== latestRun.current) return;
        current.current = next;
        onChange(next);
      };
      publish(check ? check.checkPrepared(face, publish) : face);
      setPreparing(false);
    },
    [onChange],
  );

  const remove = useCallback(() => {
    latestRun.current += 1;
    if (current.current) URL.revokeObjectURL(current.current.previewUrl);
    current.current = null;
    setPreparing(false);
    setError(null);
    onChange(null);
  }, [onChange]);

  return { preparing, error, choose, remove };
}
