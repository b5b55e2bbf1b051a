import { ArrowLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { NewShootForm } from "@/components/team/new-shoot-form";
import { focusRing } from "@/components/ui/focus-ring";
import { cn } from "@/lib/client/cn";
import { randomSeed } from "@/lib/generations/create";
import { requireStaffPage } from "@/lib/session/person";

export const metadata: Metadata = { title: "New shoot" };

export default async function NewShootPage() {
  await requireStaffPage("/team/new");
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div className="space-y-2">
        <Link href="/team" className={cn("inline-flex items-center gap-1 rounded text-sm text-ink-muted hover:text-ink", focusRing)}>
          <ArrowLeft aria-hidden="true" className="size-4" />
          Team shoots
        </Link>
        <h1 className="text-2xl font-semibold tracking-tight text-ink sm:text-3xl">New shoot</h1>
        <p className="text-ink-muted">
          Fix one look for the whole team: everyone gets exactly these settings, so the set looks alike. You can change the
          look on the next page until the first headshots are made, and add photos or invite colleagues there.
        </p>
      </div>
      {/* The shoot's seed is drawn here, once per visit, so the server and the browser render the same form. */}
      <NewShootForm initialSeed={randomSeed()} />
    </div>
  );
}
