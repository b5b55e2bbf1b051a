"use client";

import { startTransition, useActionState, useState, type ReactNode } from "react";
import { Button } from "./button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogTitle, DialogTrigger } from "./dialog";
import { Spinner } from "./spinner";

type ConfirmDialogProps = {
  /** The button that opens the dialog. */
  trigger: ReactNode;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  /** The action asked about; true once it is done (the dialog closes), false to stay open (it failed). */
  onConfirm: () => Promise<boolean>;
  tone?: "primary" | "danger";
};

/** A yes/no confirmation around an action. The dialog stays open, and cannot be dismissed, while it runs. */
export function ConfirmDialog({ trigger, title, description, confirmLabel, onConfirm, tone = "danger" }: ConfirmDialogProps) {
  const [open, setOpen] = useState(false);
  const [, confirm, busy] = useActionState(async () => {
    if (await onConfirm()) setOpen(false);
    return null;
  }, null);
  return (
    <Dialog open={open} onOpenChange={(next) => (busy ? undefined : setOpen(next))}>
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent>
        <DialogTitle>{title}</DialogTitle>
        <DialogDescription>{description}</DialogDescription>
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="secondary" disabled={busy}>
              Cancel
            </Button>
          </DialogClose>
          <Button variant={tone} onClick={() => startTransition(confirm)} disabled={busy}>
            {busy ? <Spinner /> : null}
            {confirmLabel}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
