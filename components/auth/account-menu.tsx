"use client";

// Who is asking, as the page shows it: team sign-in and sign-out, and the generation allowance.
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { startTransition, useActionState } from "react";
import { toast } from "@/components/ui/toast";
import { signOutAction } from "@/app/actions";
import { Button } from "@/components/ui/button";
import { callAction, errorMessage } from "@/lib/client/api";
import { refreshQuota, useQuota } from "@/lib/client/queries";
import { QuotaStatus } from "./quota-status";

/**
 * The header's account corner: the allowance, and team sign-in or sign-out. Not the allowance on an invite
 * page (/join/…): a colleague there spends the shoot's own cap, never this browser's demo quota, so the line
 * would only mislead them.
 */
export function AccountMenu() {
  const { data } = useQuota();
  const router = useRouter();
  const onInvitePage = usePathname().startsWith("/join/");
  const [, signOut, signingOut] = useActionState(async () => {
    try {
      await callAction(signOutAction);
      toast.success("Signed out");
      void refreshQuota();
      router.refresh(); // a staff page on screen (/team…) renders again and sends the visitor to sign in
    } catch (error) {
      toast.error(errorMessage(error));
    }
    return null;
  }, null);
  return (
    <div className="flex items-center gap-3">
      {onInvitePage ? null : <QuotaStatus className="hidden sm:flex" />}
      {data?.audience === "staff" ? (
        <Button variant="ghost" size="sm" onClick={() => startTransition(signOut)} disabled={signingOut}>
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
