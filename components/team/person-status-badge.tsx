import { CircleAlert, CircleCheck, Clock, Heart, ImageIcon, Mail, UserCheck } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Spinner } from "@/components/ui/spinner";
import type { PersonStatus } from "@/lib/teams/types";
import { PERSON_STATUS_LABELS, PERSON_STATUS_TONES } from "./person-status";

const ICONS: Record<Exclude<PersonStatus, "generating">, typeof Clock> = {
  invited: Mail,
  photo_received: ImageIcon,
  ready: CircleCheck,
  favourite_chosen: Heart,
  approved: UserCheck,
  failed: CircleAlert,
};

/** A person's status in words with an icon; the colour only repeats what the words say. */
export function PersonStatusBadge({ status, className }: { status: PersonStatus; className?: string }) {
  const Icon = status === "generating" ? null : ICONS[status];
  return (
    <Badge tone={PERSON_STATUS_TONES[status]} className={className}>
      {Icon ? <Icon aria-hidden="true" className="size-3" /> : <Spinner size="size-3" />}
      {PERSON_STATUS_LABELS[status]}
    </Badge>
  );
}
