import { Plus } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { ShootList } from "@/components/team/shoot-list";
import { Button } from "@/components/ui/button";
import { getDeps } from "@/lib/generations/runtime";
import { requireStaffPage } from "@/lib/session/person";
import { listShoots } from "@/lib/teams/shoots";

export const metadata: Metadata = { title: "Team shoots" };

export default async function TeamPage() {
  await requireStaffPage("/team");
  const shoots = await listShoots(getDeps());
  return (
    <div className="space-y-6">
      <div className="flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
        <div className="max-w-2xl space-y-2">
          <h1 className="text-2xl font-semibold tracking-tight text-ink sm:text-3xl">Team shoots</h1>
          <p className="text-ink-muted">One consistent set of headshots for a whole team: one style, one seed, everyone&apos;s photo.</p>
        </div>
        <Button asChild className="self-start sm:self-auto">
          <Link href="/team/new">
            <Plus aria-hidden="true" />
            New shoot
          </Link>
        </Button>
      </div>
      <ShootList shoots={shoots} />
    </div>
  );
}
