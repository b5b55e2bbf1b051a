"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { toast } from "@/lib/client/toast";
import { QueryProvider } from "@/components/providers/query-provider";
import { Button } from "@/components/ui/button";
import { errorMessage } from "@/lib/client/api-error";
import { signOut } from "./auth-api";
import { QuotaStatus } from "./quota-status";
import { quotaKey, useQuota } from "./use-quota";

/** The header's account corner: the allowance, and team sign-in or sign-out. */
export function AccountMenu() {
  const { data } = useQuota();
  const client = useQueryClient();
  const router = useRouter();
  const out = useMutation({
    mutationFn: signOut,
    onSuccess: () => {
      toast.success("Signed out");
      // A first quota request still on its way was sent without the new cookie, and invalidating alone would
      // wait for its (stale) answer: cancel it, then ask again.
      void client.cancelQueries({ queryKey: quotaKey }).then(() => client.invalidateQueries({ queryKey: quotaKey }));
      // A staff page on screen (/team…) renders again and sends the visitor to the sign-in page.
      router.refresh();
    },
    onError: (error) => toast.error(errorMessage(error)),
  });
  return (
    <div className="flex items-center gap-3">
      <QuotaStatus className="hidden sm:flex" />
      {data?.audience === "staff" ? (
        <Button variant="ghost" size="sm" onClick={() => out.mutate()} disabled={out.isPending}>
          Sign out
        </Button>
      ) : data?.staffSignInEnabled ? (
        <Button variant="ghost" size="sm" asChild>
          <Link href="/sign-in">Team sign-in</Link>
        </Button>
      ) : null}
    </div>
  );
}

/** The account corner with its own react-query provider, for loading after the page (see ./lazy.tsx). */
export function AccountMenuIsland() {
  return (
    <QueryProvider>
      <AccountMenu />
    </QueryProvider>
  );
}
