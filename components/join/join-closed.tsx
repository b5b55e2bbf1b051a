import { CalendarX2, Link2Off, Users } from "lucide-react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

export type ClosedReason = "invalid" | "expired" | "full";

const COPY: Record<ClosedReason, { title: string; icon: typeof Link2Off; next: string }> = {
  invalid: {
    title: "This invite link does not work",
    icon: Link2Off,
    // The server's message already says to ask for a new link.
    next: "",
  },
  expired: {
    title: "This shoot is closed",
    icon: CalendarX2,
    next: "If you still need a headshot, ask the person who sent you the link.",
  },
  full: {
    title: "This shoot is full",
    icon: Users,
    next: "Ask the person who sent you the link to make room or start a new shoot.",
  },
};

/** What a colleague sees for a revoked or unknown link, a shoot past its due date, or a full shoot: a page, never a crash. */
export function JoinClosed({ reason, message, shootName }: { reason: ClosedReason; message: string; shootName?: string }) {
  const { title, icon: Icon, next } = COPY[reason];
  return (
    <Card className="mx-auto max-w-lg">
      <CardHeader className="flex flex-col items-start gap-3">
        <span className="grid size-12 place-items-center rounded-full bg-surface-sunken text-ink-muted">
          <Icon aria-hidden="true" className="size-6" />
        </span>
        <CardTitle className="text-xl">{title}</CardTitle>
        {shootName ? <CardDescription>{shootName}</CardDescription> : null}
      </CardHeader>
      <CardContent className="space-y-2 text-sm text-ink">
        <p>{message}</p>
        {next ? <p className="text-ink-muted">{next}</p> : null}
      </CardContent>
    </Card>
  );
}
