"use client";

import { useEffect } from "react";
import { Toaster, toast } from "sonner";
import { toasterMounted } from "@/lib/client/toast";

export function LoadedToaster() {
  // Runs after <Toaster>'s own effect (children first), i.e. once it listens for toasts.
  useEffect(() => toasterMounted(toast), []);
  return <Toaster position="bottom-right" richColors closeButton />;
}
