"use client";

import { Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { deleteGenerationAction } from "@/app/actions";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { toast } from "@/components/ui/toast";
import { ApiError, callAction, errorMessage } from "@/lib/client/api";
import { generationKeys, getQueryClient } from "@/lib/client/queries";
import { withoutGeneration, type GalleryData } from "./gallery-list";

const lists = { queryKey: generationKeys.lists };

/**
 * Delete with confirmation. The generation leaves every cached list at once and comes back if the server
 * refuses. `onDeleted` runs before navigating so the page can stop polling a row that is gone.
 */
export function DeleteButton({ id, onDeleted }: { id: string; onDeleted: () => void }) {
  const router = useRouter();
  const remove = async () => {
    const client = getQueryClient();
    await client.cancelQueries(lists);
    const snapshot = client.getQueriesData<GalleryData>(lists);
    client.setQueriesData<GalleryData>(lists, (data) => withoutGeneration(data, id));
    try {
      await callAction(() => deleteGenerationAction(id));
    } catch (error) {
      // Already gone (another tab deleted it) is the outcome the person asked for.
      if (!(error instanceof ApiError && error.status === 404)) {
        for (const [key, data] of snapshot) client.setQueryData(key, data);
        void client.invalidateQueries(lists);
        toast.error(errorMessage(error));
        return false;
      }
    }
    void client.invalidateQueries(lists);
    onDeleted();
    toast.success("Generation deleted");
    router.push("/gallery");
    return true;
  };
  return (
    <ConfirmDialog
      trigger={
        <Button variant="danger-outline">
          <Trash2 aria-hidden="true" />
          Delete
        </Button>
      }
      title="Delete this generation?"
      description="The image and its settings are removed for good. The face photo is removed too if no other generation uses it."
      confirmLabel="Delete"
      onConfirm={remove}
    />
  );
}
