// The frame around every page: skip link, demo banner, header and footer (server components; the parts
// that need the browser are NavLink and the account corner).
import { Camera, FlaskConical } from "lucide-react";
import Link from "next/link";
import { LazyAccountMenu, LazyTeamNavLink } from "@/components/auth/lazy";
import { focusRing } from "@/components/ui/focus-ring";
import { cn } from "@/lib/client/cn";
import { NavLink } from "./nav-link";

export function SkipLink() {
  return (
    <a
      href="#main"
      className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:font-medium focus:text-brand-700 focus:shadow focus:ring-2 focus:ring-brand-500"
    >
      Skip to content
    </a>
  );
}

/** Shown on every page while the app talks to the simulator instead of ModelsLab. */
export function DemoBanner() {
  return (
    <div role="status" className="border-b border-warn-200 bg-warn-50 text-warn-800">
      <p className="mx-auto flex max-w-6xl items-center gap-2 px-4 py-2 text-sm sm:px-6">
        <FlaskConical aria-hidden="true" className="size-4 shrink-0" />
        <span>
          <strong className="font-semibold">Demo mode — images are simulated.</strong> Set{" "}
          <code className="rounded bg-warn-200/60 px-1 font-mono text-[0.8125rem]">MODELSLAB_API_KEY</code> to generate real headshots.
        </span>
      </p>
    </div>
  );
}

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
