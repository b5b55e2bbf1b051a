import { useCallback, useEffect, useRef, useState } from "react";
import { FaceInputError, IMAGE_MESSAGES } from "@/lib/images/limits";
import type { PreparedFace } from "@/lib/client/prepare-face";

type Options = { value: PreparedFace | null; onChange: (value: PreparedFace | null) => void };

/**
 * Runs prepareFace for the latest chosen file only (a quick second pick wins) and owns the preview
 * object URLs it creates: the replaced or removed one is revoked.
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
      try {
        // Decoding and resizing code is only needed once a photo is chosen.
        const { prepareFace } = await import("@/lib/client/prepare-face");
        const face = await prepareFace(file);
        if (run !== latestRun.current) return URL.revokeObjectURL(face.previewUrl);
        if (current.current) URL.revokeObjectURL(current.current.previewUrl);
        current.current = face;
        onChange(face);
      } catch (err) {
        if (run !== latestRun.current) return;
        setError(err instanceof FaceInputError ? err.message : IMAGE_MESSAGES.unreadable);
      } finally {
        if (run === latestRun.current) setPreparing(false);
      }
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
