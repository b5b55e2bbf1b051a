import Link from "next/link";
import { focusRing } from "@/components/ui/focus-ring";
import { cn } from "@/lib/client/cn";

export function SiteFooter() {
  return (
    <footer className="border-t border-surface-border">
      <div className="mx-auto flex max-w-6xl justify-end px-4 py-4 text-sm sm:px-6">
        <Link href="/privacy" className={cn("rounded-md text-ink-muted underline-offset-4 hover:underline", focusRing)}>
          Privacy and your data
        </Link>
      </div>
    </footer>
  );
}
