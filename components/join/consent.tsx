import { Clock, Eye, HardDrive, ShieldCheck } from "lucide-react";
import type { ReactNode } from "react";
import type { JoinInfoDto } from "@/lib/teams/types";
import { plural } from "@/components/team/format";

/** What happens to a colleague's photo, shown before they choose one (faces are biometric data). */
export function JoinConsent({ info }: { info: JoinInfoDto }) {
  const days = info.retentionDays;
  return (
    <section aria-labelledby="consent-heading" className="space-y-3 rounded-card border border-brand-100 bg-brand-50/60 p-5 text-sm">
      <h2 id="consent-heading" className="flex items-center gap-2 text-base font-semibold text-ink">
        <ShieldCheck aria-hidden="true" className="size-5 text-brand-700" />
        Before you add your photo
      </h2>
      <ul className="space-y-3">
        <Point icon={<HardDrive aria-hidden="true" className="size-4" />} title="What is stored">
          Your face photo and the headshots made from it, with your name (and your job title and email if you give them). Location and camera
          data are removed from the photo before it is sent.
        </Point>
        <Point icon={<Eye aria-hidden="true" className="size-4" />} title="Who sees it">
          The team&apos;s staff who run this shoot, and you in this browser. Other colleagues do not see your photos. The image service gets your
          photo only through a private link that expires.
        </Point>
        <Point icon={<Clock aria-hidden="true" className="size-4" />} title="For how long">
          Deleted automatically after {plural(days, "day")}, together with every headshot made from it. You can delete everything sooner
          yourself with <strong>Delete my photos</strong> on this page.
        </Point>
      </ul>
    </section>
  );
}

function Point({ icon, title, children }: { icon: ReactNode; title: string; children: ReactNode }) {
  return (
    <li className="flex gap-3">
      <span className="mt-0.5 grid size-7 shrink-0 place-items-center rounded-full bg-white text-brand-700 ring-1 ring-brand-100">{icon}</span>
      <div>
        <p className="font-semibold text-ink">{title}</p>
        <p className="text-ink-muted">{children}</p>
      </div>
    </li>
  );
}
