import { CalendarClock, Plus, Users } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { focusRing } from "@/components/ui/focus-ring";
import { cn } from "@/lib/client/cn";
import type { ShootSummaryDto } from "@/lib/teams/types";
import { formatDay, plural } from "./format";

/** The staff's shoots, newest first: a table from md up, cards on a phone. */
export function ShootList({ shoots }: { shoots: ShootSummaryDto[] }) {
  if (shoots.length === 0) return <NoShoots />;
  return (
    <>
      <div className="hidden overflow-hidden rounded-card border border-surface-border bg-white shadow-sm md:block">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Shoots</caption>
          <thead className="border-b border-surface-border bg-surface-sunken text-xs font-semibold tracking-wide text-ink-muted uppercase">
            <tr>
              <th scope="col" className="px-5 py-3">
                Shoot
              </th>
              <th scope="col" className="px-4 py-3 text-right">
                People
              </th>
              <th scope="col" className="px-4 py-3 text-right">
                Ready
              </th>
              <th scope="col" className="px-4 py-3 text-right">
                Approved
              </th>
              <th scope="col" className="px-5 py-3">
                Due date
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-surface-border">
            {shoots.map((shoot) => (
              <tr key={shoot.id} className="hover:bg-surface-sunken/60">
                <th scope="row" className="px-5 py-3 font-medium">
                  <ShootLink shoot={shoot} />
                </th>
                <td className="px-4 py-3 text-right tabular-nums">{shoot.counts.people}</td>
                <td className="px-4 py-3 text-right tabular-nums">
                  {shoot.counts.ready} of {shoot.counts.people}
                </td>
                <td className="px-4 py-3 text-right tabular-nums">{shoot.counts.approved}</td>
                <td className="px-5 py-3">
                  <DueDate shoot={shoot} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul className="flex flex-col gap-3 md:hidden" aria-label="Shoots">
        {shoots.map((shoot) => (
          <li key={shoot.id} className="rounded-card border border-surface-border bg-white p-4 shadow-sm">
            <p className="text-base font-semibold">
              <ShootLink shoot={shoot} />
            </p>
            <p className="mt-1 flex items-center gap-1.5 text-sm text-ink-muted">
              <Users aria-hidden="true" className="size-4" />
              {plural(shoot.counts.people, "person", "people")} · {shoot.counts.ready} ready · {shoot.counts.approved} approved
            </p>
            <div className="mt-2 text-sm">
              <DueDate shoot={shoot} />
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}

function ShootLink({ shoot }: { shoot: ShootSummaryDto }) {
  return (
    <Link href={`/team/${encodeURIComponent(shoot.id)}`} className={cn("rounded text-brand-700 underline-offset-2 hover:underline", focusRing)}>
      {shoot.name}
    </Link>
  );
}

function DueDate({ shoot }: { shoot: ShootSummaryDto }) {
  if (!shoot.dueDate) return <span className="text-ink-faint">No due date</span>;
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <span className="inline-flex items-center gap-1.5">
        <CalendarClock aria-hidden="true" className="size-4 text-ink-faint" />
        <span className="md:hidden">Due</span>
        {formatDay(shoot.dueDate)}
      </span>
      {shoot.expired ? <Badge tone="warn">Link closed</Badge> : null}
    </span>
  );
}

function NoShoots() {
  return (
    <div className="flex flex-col items-center gap-4 rounded-card border border-dashed border-surface-border bg-white px-6 py-14 text-center">
      <span className="grid size-12 place-items-center rounded-full bg-brand-50 text-brand-700">
        <Users aria-hidden="true" className="size-6" />
      </span>
      <div className="flex flex-col gap-1">
        <h2 className="text-lg font-semibold text-ink">No shoots yet</h2>
        <p className="max-w-md text-sm text-ink-muted">
          A shoot fixes one style for a whole team. Add your colleagues&apos; photos or send them an invite link, then download the approved
          headshots as a ZIP.
        </p>
      </div>
      <Button asChild>
        <Link href="/team/new">
          <Plus aria-hidden="true" />
          New shoot
        </Link>
      </Button>
    </div>
  );
}
