"use client";

import { RotateCcw } from "lucide-react";
import { useRouter } from "next/navigation";
import { toast } from "@/components/ui/toast";
import { Button, type ButtonProps } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { errorMessage } from "@/lib/client/api";
import type { GenerationDto } from "@/lib/client/types";
import { retryInput, useCreateJobs } from "./create-jobs";

type RetryButtonProps = { generation: GenerationDto } & Pick<ButtonProps, "size" | "variant" | "className" | "aria-describedby">;

/** Starts a new job with the failed one's exact settings and opens it on the create page. */
export function RetryButton({ generation, size = "sm", variant = "secondary", ...rest }: RetryButtonProps) {
  const router = useRouter();
  const create = useCreateJobs();
  const retry = () =>
    create.mutate([retryInput(generation)], {
      onSuccess: ({ created }) => {
        const next = created[0];
        if (!next) return;
        toast.success("Retry started");
        router.push(`/?g=${encodeURIComponent(next.id)}`);
      },
      onError: (error) => toast.error(errorMessage(error)),
    });
  return (
    <Button size={size} variant={variant} onClick={retry} disabled={create.isPending} {...rest}>
      {create.isPending ? <Spinner /> : <RotateCcw aria-hidden="true" />}
      Retry
    </Button>
  );
}
