import type { toast as sonnerToast } from "sonner";

type Show = (message: string) => void;
type SonnerToast = typeof sonnerToast;

// sonner (~10 kB gzipped) is loaded on the first toast, not with every page. A toast must wait until the
// <Toaster> has mounted and subscribed, or sonner would drop it.
let wanted = false;
let wake: (() => void) | null = null;
let ready: (toast: SonnerToast) => void = () => {};
const mounted = new Promise<SonnerToast>((resolve) => {
  ready = resolve;
});

function show(kind: "success" | "error"): Show {
  return (message) => {
    if (!wanted) {
      wanted = true;
      wake?.();
    }
    void mounted.then((toast) => toast[kind](message));
  };
}

/** Same calls as sonner's `toast.success` / `toast.error`. */
export const toast = { success: show("success"), error: show("error") };

/** For the toaster host: `onWanted` runs once the first toast is asked for (at once if one already was). */
export function watchToastDemand(onWanted: () => void): () => void {
  wake = onWanted;
  if (wanted) onWanted();
  return () => {
    wake = null;
  };
}

/** Called by the loaded <Toaster> after it has subscribed to sonner's toast state. */
export function toasterMounted(toast: SonnerToast): void {
  ready(toast);
}
