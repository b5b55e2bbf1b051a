"use client";

// Toasts, with sonner kept out of every page's first load (~10 kB gzip): <Toaster> arrives just after the
// page hydrates, and a toast asked for before that still shows, because sonner keeps it until a Toaster
// subscribes.
import dynamic from "next/dynamic";

export const Toaster = dynamic(() => import("sonner").then((m) => m.Toaster), { ssr: false });

const show = (kind: "success" | "error") => (message: string) => void import("sonner").then(({ toast }) => toast[kind](message));

/** The same calls as sonner's `toast.success` / `toast.error`. */
export const toast = { success: show("success"), error: show("error") };
