import { Camera } from "lucide-react";
import { LazyAccountMenu, LazyTeamNavLink } from "@/components/auth/lazy";
import Link from "next/link";
import { focusRing } from "@/components/ui/focus-ring";
import { cn } from "@/lib/client/cn";
import { NavLink } from "./nav-link";

export function SiteHeader() {
  return (
    <header className="border-b border-surface-border bg-white">
      {/* On a phone the navigation gets a row of its own under the logo and the account corner: with a
          "Team sign-in" or "Sign out" button and the Team link, one row would scroll sideways at 360 px. It is
          there from the first paint, so the lazily loaded account corner never pushes it around. */}
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-x-4 px-4 sm:h-14 sm:flex-nowrap sm:px-6">
        <Link
          href="/"
          className={cn("flex shrink-0 items-center gap-2 rounded-md font-semibold tracking-tight whitespace-nowrap text-ink max-sm:min-h-12", focusRing)}
        >
          <span className="grid size-7 place-items-center rounded-md bg-brand-600 text-white">
            <Camera aria-hidden="true" className="size-4" />
          </span>
          Headshot Studio
        </Link>
        <div className="flex items-center gap-2 max-sm:contents sm:gap-4">
          <LazyAccountMenu />
          <nav aria-label="Main" className="flex items-center gap-1 max-sm:-ml-3 max-sm:w-full max-sm:pb-2">
            <NavLink href="/">Create</NavLink>
            <NavLink href="/gallery">Gallery</NavLink>
            <LazyTeamNavLink />
          </nav>
        </div>
      </div>
    </header>
  );
}
