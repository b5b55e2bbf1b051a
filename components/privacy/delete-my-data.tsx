"use client";

// "Delete all my data" on the privacy page.
import { Trash2 } from "lucide-react";
import { deleteMyDataAction } from "@/app/actions";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { toast } from "@/components/ui/toast";
import { callAction, errorMessage } from "@/lib/client/api";
import { getQueryClient } from "@/lib/client/queries";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** "Delete all my data" with a confirmation; afterwards every cached list and job is dropped. */
export function DeleteMyData() {
  const remove = async () => {
    try {
      const deleted = await callAction(deleteMyDataAction);
      getQueryClient().clear();
      toast.success(`Deleted ${plural(deleted.generations, "generation")} and ${plural(deleted.faces, "face photo")}.`);
      return true;
    } catch (error) {
      toast.error(errorMessage(error));
      return false;
    }
  };
  return (
    <ConfirmDialog
      trigger={
        <Button variant="danger">
          <Trash2 aria-hidden="true" />
          Delete all my data
        </Button>
      }
      title="Delete all your data?"
      description="Every face photo, generation and image made in this browser is removed from the server for good. This cannot be undone."
      confirmLabel="Delete everything"
      onConfirm={remove}
    />
  );
}
