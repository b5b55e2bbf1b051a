"use client";

import { Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "@/lib/client/toast";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { errorMessage } from "@/lib/client/api";
import { useOptimisticDelete } from "./use-optimistic-delete";

/** Delete with confirmation. `onDeleted` runs before navigating so the page can stop polling a row that is gone. */
export function DeleteButton({ id, onDeleted }: { id: string; onDeleted: () => void }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const remove = useOptimisticDelete();
  const confirm = () =>
    remove.mutate(id, {
      onSuccess: () => {
        setOpen(false);
        onDeleted();
        toast.success("Generation deleted");
        router.push("/gallery");
      },
      onError: (error) => toast.error(errorMessage(error)),
    });
  return (
    <>
      <Button variant="danger-outline" onClick={() => setOpen(true)}>
        <Trash2 aria-hidden="true" />
        Delete
      </Button>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title="Delete this generation?"
        description="The image and its settings are removed for good. The face photo is removed too if no other generation uses it."
        confirmLabel="Delete"
        onConfirm={confirm}
        busy={remove.isPending}
      />
    </>
  );
}
