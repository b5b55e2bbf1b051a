import { useCallback, useEffect, useRef, useState } from "react";
import { FaceInputError, IMAGE_MESSAGES } from "@/lib/images/limits";
import type { FaceCheckRun } from "@/lib/client/face-check";
import type { PreparedFace } from "@/lib/client/prepare-face";

type Options = { value: PreparedFace | null; onChange: (value: PreparedFace | null) => void };

// Importing the checker starts its worker and the detector loading.
const loadChecker = () => import("@/lib/client/face-check");
const loadPreparation = () => import("@/lib/client/prepare-face");
/** The checklist's code is fetched with the checker, so it is there when the verdict arrives. */
export const loadChecklist = () => import("./face-checklist");

/**
 * The person is about to choose a photo (they opened the picker or the camera, or a drag entered the page):
 * start loading the preparation code, the checker — its worker, model and WebAssembly, ~2.6 MB and the most
 * of a cold check's time — and the checklist now, so most of that is done by the time the photo arrives.
 * Nothing of it is in the page's first load; only this trigger is. Safe to call any number of times.
 */
export function expectPhoto(): void {
  void loadPreparation().catch(() => undefined);
  void loadChecker().catch(() => undefined);
  void loadChecklist().catch(() => undefined);
}

/**
 * Runs prepareFace for the latest chosen file only (a quick second pick wins) and the on-device face check of
 * its pixels beside the JPEG encoding (lib/client/face-check.ts: the photo is shown and usable while the check
 * runs; `value.check` follows its progress).
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
      // The check starts on the prepared pixels while the JPEG is encoded (prepareFace's onPixels); none for
      // a photo that has already been replaced.
      let checking: Promise<FaceCheckRun | null> = Promise.resolve(null);
      const onPixels = (pixels: ImageBitmap) => {
        checking = checker.then((c) => {
          if (c && run === latestRun.current) return c.checkPixels(pixels);
          pixels.close();
          return null;
        });
      };
      let face: PreparedFace;
      try {
        // Decoding and resizing code is only needed once a photo is chosen (or about to be: expectPhoto).
        const { prepareFace } = await loadPreparation();
        face = await prepareFace(file, onPixels);
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
      publish(check ? check.checkPrepared(face, checking, publish) : face);
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
