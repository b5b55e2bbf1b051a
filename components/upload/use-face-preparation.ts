import { useCallback, useEffect, useRef, useState } from "react";
import { FaceInputError, IMAGE_MESSAGES } from "@/lib/images/limits";
import type { PreparedFace } from "@/lib/client/prepare-face";

type Options = { value: PreparedFace | null; onChange: (value: PreparedFace | null) => void };

// The checker (and the worker with the detector) loads when a photo is chosen, beside its preparation.
const loadChecker = () => import("@/lib/client/face-check");
/** The checklist's code is fetched with the checker, so it is there when the verdict arrives. */
export const loadChecklist = () => import("./face-checklist");

/**
 * Runs prepareFace for the latest chosen file only (a quick second pick wins), then the on-device face check
 * (the photo is shown and usable meanwhile; `value.check` follows its progress). Owns the preview object
 * URLs it creates: the replaced or removed one is revoked.
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

  const runCheck = useCallback(
    async (run: number, face: PreparedFace, checker: Awaited<ReturnType<typeof loadChecker>>) => {
      const { state } = await checker.checkFace(face.file);
      // Another photo, or none, by now: this verdict is about nothing on screen.
      if (run !== latestRun.current || current.current?.file !== face.file) return;
      const next = { ...current.current, check: state };
      current.current = next;
      onChange(next);
    },
    [onChange],
  );

  const choose = useCallback(
    async (file: File) => {
      const run = ++latestRun.current;
      setPreparing(true);
      setError(null);
      const checker = loadChecker().then((m) => {
        void m.warmFaceCheck();
        return m;
      });
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
      if (run !== latestRun.current) return URL.revokeObjectURL(face.previewUrl);
      if (current.current) URL.revokeObjectURL(current.current.previewUrl);
      let loaded: Awaited<ReturnType<typeof loadChecker>> | null = null;
      try {
        loaded = await checker;
      } catch {
        // The checker's code could not load (offline mid-way): the photo is still usable, just unchecked.
      }
      if (run !== latestRun.current) return URL.revokeObjectURL(face.previewUrl);
      const shown: PreparedFace = { ...face, check: loaded ? { status: "checking", firstRun: !loaded.faceCheckLoaded() } : { status: "unavailable" } };
      current.current = shown;
      onChange(shown);
      setPreparing(false);
      if (loaded) void runCheck(run, shown, loaded);
    },
    [onChange, runCheck],
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
