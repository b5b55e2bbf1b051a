import type { LucideIcon } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { cn } from "@/lib/client/cn";
import { Button } from "./button";

type EmptyStateProps = {
  title: string;
  /** h1 when the state is the whole page (not found, error), else h2. */
  titleAs?: "h1" | "h2";
  icon?: LucideIcon;
  description?: ReactNode;
  /** A button: what the person can do next. */
  action?: ReactNode;
  /** Where the person can go next; the first is the main way on unless `action` is given. */
  links?: { href: string; label: string }[];
  /** Anything more below the description (e.g. tips). */
  children?: ReactNode;
  /** `dashed` stands in for missing content; `card` is a plain card. */
  frame?: "dashed" | "card";
  className?: string;
};

/** A centred message where content would be: nothing yet, nothing found, or something went wrong. */
export function EmptyState({ title, titleAs: Title = "h2", icon: Icon, description, action, links = [], children, frame = "dashed", className }: EmptyStateProps) {
  return (
    <div
      className={cn(
        "flex flex-col items-center gap-4 rounded-card bg-white px-6 py-12 text-center sm:py-14",
        frame === "dashed" ? "border border-dashed border-surface-border" : "border border-surface-border shadow-sm",
        className,
      )}
    >
      {Icon ? (
        <span className="grid size-12 place-items-center rounded-full bg-brand-50 text-brand-600">
          <Icon aria-hidden="true" className="size-6" />
        </span>
      ) : null}
      <div className="flex flex-col items-center gap-1.5">
        <Title className={cn("font-semibold text-ink", Title === "h1" ? "text-xl" : "text-lg")}>{title}</Title>
        {description ? <p className="max-w-sm text-sm text-ink-muted">{description}</p> : null}
      </div>
      {children}
      {action || links.length > 0 ? (
        <div className="flex flex-wrap justify-center gap-2">
          {action}
          {links.map(({ href, label }, i) => (
            <Button key={href} asChild variant={i === 0 && !action ? "primary" : "secondary"}>
              <Link href={href}>{label}</Link>
            </Button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
