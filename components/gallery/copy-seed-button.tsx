"use client";

import { Copy } from "lucide-react";
import { toast } from "@/components/ui/toast";
import { Button } from "@/components/ui/button";

export function CopySeedButton({ seed }: { seed: number }) {
  const copy = async () => {
    try {
      // navigator.clipboard is missing outside secure contexts (plain http on a LAN address).
      if (!navigator.clipboard) throw new Error("no clipboard");
      await navigator.clipboard.writeText(String(seed));
      toast.success("Seed copied");
    } catch {
      toast.error(`Could not copy. The seed is ${seed}.`);
    }
  };
  return (
    <Button variant="secondary" onClick={() => void copy()}>
      <Copy aria-hidden="true" />
      Copy seed
    </Button>
  );
}
