import { Camera } from "lucide-react";
import { LazyAccountMenu, LazyTeamNavLink } from "@/components/auth/lazy";
import Link from "next/link";
import { focusRing } from "@/components/ui/focus-ring";
import { cn } from "@/lib/client/cn";
import { NavLink } from "./nav-link";

export function SiteHeader() {
  return (
    <header className="border-b border-surface-border bg-white">
      <div className="mx-auto flex h-14 max-w-6xl items-center justify-between gap-4 px-4 sm:px-6">
        <Link href="/" className={cn("flex items-center gap-2 rounded-md font-semibold tracking-tight text-ink", focusRing)}>
          <span className="grid size-7 place-items-center rounded-md bg-brand-600 text-white">
            <Camera aria-hidden="true" className="size-4" />
          </span>
          Headshot Studio
        </Link>
        <div className="flex items-center gap-2 sm:gap-4">
          <LazyAccountMenu />
          <nav aria-label="Main" className="flex items-center gap-1">
            <NavLink href="/">Create</NavLink>
            <NavLink href="/gallery">Gallery</NavLink>
            <LazyTeamNavLink />
          </nav>
        </div>
      </div>
    </header>
  );
}
