"use client";

import { startTransition, useActionState, useState, type ReactNode } from "react";
import { Button } from "./button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogTitle, DialogTrigger } from "./dialog";
import { Spinner } from "./spinner";

type ConfirmDialogProps = {
  title: string;
  description: ReactNode;
  confirmLabel: string;
  tone?: "primary" | "danger";
} & (
  | {
      /** The button that opens the dialog; the dialog then owns its open state. */
      trigger: ReactNode;
      /** The action asked about; true once it is done (the dialog closes), false to stay open (it failed). */
      onConfirm: () => Promise<boolean>;
      open?: never;
    }
  | {
      /** Opened by the caller (e.g. after a file was picked); the caller closes it when its action ends. */
      open: boolean;
      onOpenChange: (open: boolean) => void;
      onConfirm: () => void;
      busy: boolean;
      trigger?: never;
    }
);

/** A yes/no confirmation around an action. The dialog stays open, and cannot be dismissed, while it runs. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const { title, description, confirmLabel, tone = "danger" } = props;
  const [ownOpen, setOwnOpen] = useState(false);
  const [, confirmOwn, ownBusy] = useActionState(async () => {
    if (props.open === undefined && (await props.onConfirm())) setOwnOpen(false);
    return null;
  }, null);
  const controlled = props.open !== undefined;
  const open = controlled ? props.open : ownOpen;
  const busy = controlled ? props.busy : ownBusy;
  const setOpen = controlled ? props.onOpenChange : setOwnOpen;
  const confirm = () => (controlled ? props.onConfirm() : startTransition(confirmOwn));
  return (
    <Dialog open={open} onOpenChange={(next) => (busy ? undefined : setOpen(next))}>
      {controlled ? null : <DialogTrigger asChild>{props.trigger}</DialogTrigger>}
      <DialogContent>
        <DialogTitle>{title}</DialogTitle>
        <DialogDescription>{description}</DialogDescription>
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="secondary" disabled={busy}>
              Cancel
            </Button>
          </DialogClose>
          <Button variant={tone} onClick={confirm} disabled={busy}>
            {busy ? <Spinner /> : null}
            {confirmLabel}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
