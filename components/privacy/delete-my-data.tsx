"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Trash2 } from "lucide-react";
import { useState } from "react";
import { toast } from "@/lib/client/toast";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { errorMessage } from "@/lib/client/api";
import { deleteMyData } from "./privacy-api";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** "Delete all my data" with a confirmation; afterwards every cached list and job is dropped. */
export function DeleteMyData() {
  const [open, setOpen] = useState(false);
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: deleteMyData,
    onSuccess: ({ deleted }) => {
      setOpen(false);
      queryClient.clear();
      toast.success(`Deleted ${plural(deleted.generations, "generation")} and ${plural(deleted.faces, "face photo")}.`);
    },
    onError: (error) => toast.error(errorMessage(error)),
  });
  return (
    <>
      <Button variant="danger" onClick={() => setOpen(true)}>
        <Trash2 aria-hidden="true" />
        Delete all my data
      </Button>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title="Delete all your data?"
        description="Every face photo, generation and image made in this browser is removed from the server for good. This cannot be undone."
        confirmLabel="Delete everything"
        onConfirm={() => remove.mutate()}
        busy={remove.isPending}
      />
    </>
  );
}
