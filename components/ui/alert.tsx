import { CircleAlert, Info } from "lucide-react";
import type { ReactNode } from "react";
import { cn } from "@/lib/client/cn";

type AlertProps = { tone?: "danger" | "info" | "warn"; title?: string; children?: ReactNode; action?: ReactNode; className?: string };

const tones = {
  danger: "border-red-200 bg-danger-50 text-danger-600",
  warn: "border-warn-200 bg-warn-50 text-warn-800",
  info: "border-brand-100 bg-brand-50 text-brand-700",
};

/** An inline message. Danger alerts use role="alert" so they are announced when they appear. */
export function Alert({ tone = "danger", title, children, action, className }: AlertProps) {
  const Icon = tone === "info" ? Info : CircleAlert;
  return (
    <div role={tone === "danger" ? "alert" : "status"} className={cn("flex gap-3 rounded-lg border p-4 text-sm", tones[tone], className)}>
      <Icon aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
      <div className="flex min-w-0 flex-1 flex-col gap-1">
        {title ? <p className="font-semibold">{title}</p> : null}
        {children ? <div className="break-words">{children}</div> : null}
        {action ? <div className="mt-2">{action}</div> : null}
      </div>
    </div>
  );
}
