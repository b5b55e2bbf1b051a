import { type RefObject, useCallback, useEffect, useRef } from "react";

/**
 * The drop zone stops being a tab stop while a photo is shown, and the Replace button disappears when
 * it is removed: hand keyboard focus to whichever control now stands where the person was.
 */
export function useFocusHandoff(showingFace: boolean, rootRef: RefObject<HTMLElement | null>) {
  const replaceRef = useRef<HTMLButtonElement>(null);
  const focusRootNext = useRef(false);
  const shownBefore = useRef(showingFace);

  useEffect(() => {
    const active = document.activeElement;
    const focusWasHere = active === document.body || (active !== null && rootRef.current?.contains(active));
    if (showingFace && !shownBefore.current && focusWasHere) replaceRef.current?.focus();
    if (!showingFace && focusRootNext.current) rootRef.current?.focus();
    shownBefore.current = showingFace;
    focusRootNext.current = false;
  }, [showingFace, rootRef]);

  const focusRootNextRender = useCallback(() => {
    focusRootNext.current = true;
  }, []);

  return { replaceRef, focusRootNextRender };
}
