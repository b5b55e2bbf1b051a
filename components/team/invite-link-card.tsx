"use client";

import { useMutation } from "@tanstack/react-query";
import { getQueryClient } from "@/lib/client/queries";
import { Copy, Link2, Link2Off, RefreshCw } from "lucide-react";
import { useId, useState, useSyncExternalStore } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { errorMessage } from "@/lib/client/api";
import { teamsApi } from "@/lib/client/teams-api";
import { toast } from "@/components/ui/toast";
import type { ShootDto } from "@/lib/teams/types";
import { formatDay } from "./format";
import { useShootUpdater } from "./use-shoot";

const noSubscription = () => () => undefined;

/** This site's origin in the browser; empty during the server render (the link is completed on hydration). */
function useOrigin(): string {
  return useSyncExternalStore(noSubscription, () => window.location.origin, () => "");
}

/** The invite link colleagues join with: copy it, revoke it, or make a new one. */
export function InviteLinkCard({ shoot }: { shoot: ShootDto }) {
  const origin = useOrigin();
  const id = useId();
  const { refresh } = useShootUpdater(shoot.id);
  const [confirmRevoke, setConfirmRevoke] = useState(false);
  const [copied, setCopied] = useState(false);
  const url = shoot.invite ? `${origin}${shoot.invite.path}` : null;

  const revoke = useMutation({
    mutationFn: () => teamsApi.revokeInvite(shoot.id),
    onSuccess: async () => {
      await refresh();
      setConfirmRevoke(false);
      toast.success("Invite link revoked");
    },
    onError: (error) => toast.error(errorMessage(error)),
  }, getQueryClient());
  const renew = useMutation({
    mutationFn: () => teamsApi.newInvite(shoot.id),
    onSuccess: async () => {
      await refresh();
      toast.success("A new invite link is ready");
    },
    onError: (error) => toast.error(errorMessage(error)),
  }, getQueryClient());

  const copy = async () => {
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
      setTimeout(() => setCopied(false), 2500);
      toast.success("Invite link copied");
    } catch {
      // No clipboard permission: select the text so the person can copy it themselves.
      const input = document.getElementById(`${id}-url`);
      if (input instanceof HTMLInputElement) input.select();
      toast.error("Could not copy automatically: the link is selected, press Ctrl+C (⌘C) to copy it.");
    }
  };

  return (
    <Card>
      <CardHeader>
        <CardTitle>Invite link</CardTitle>
        <CardDescription>
          Colleagues open it on their phone, read what is stored, and add their own photo. No account needed.
          {shoot.dueDate ? ` It takes new people until ${formatDay(shoot.dueDate)}.` : ""}
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-3">
        {url ? (
          <>
            <label htmlFor={`${id}-url`} className="sr-only">
              Invite link
            </label>
            <Input id={`${id}-url`} value={url} readOnly onFocus={(e) => e.currentTarget.select()} className="font-mono text-xs" />
            {shoot.expired ? <p className="text-sm font-medium text-warn-800">The due date has passed: this link no longer takes new people.</p> : null}
            <div className="flex flex-wrap gap-2">
              <Button onClick={() => void copy()} disabled={!origin}>
                <Copy aria-hidden="true" />
                {copied ? "Copied" : "Copy invite link"}
              </Button>
              <Button variant="danger-outline" onClick={() => setConfirmRevoke(true)}>
                <Link2Off aria-hidden="true" />
                Revoke link
              </Button>
              <Button variant="ghost" onClick={() => renew.mutate()} disabled={renew.isPending} title="Make a new link; the current one stops working">
                {renew.isPending ? <Spinner /> : <RefreshCw aria-hidden="true" />}
                New link
              </Button>
            </div>
          </>
        ) : (
          <>
            <p className="flex items-center gap-2 text-sm text-ink-muted">
              <Link2Off aria-hidden="true" className="size-4 shrink-0" />
              No invite link: nobody new can join. People who already joined keep their headshots.
            </p>
            <Button onClick={() => renew.mutate()} disabled={renew.isPending}>
              {renew.isPending ? <Spinner /> : <Link2 aria-hidden="true" />}
              Create a new invite link
            </Button>
          </>
        )}
      </CardContent>
      <ConfirmDialog
        open={confirmRevoke}
        onOpenChange={setConfirmRevoke}
        title="Revoke the invite link?"
        description="The link stops working at once: anyone who opens it sees that it is no longer valid. People who already joined keep their headshots, and you can make a new link later."
        confirmLabel="Revoke link"
        onConfirm={() => revoke.mutate()}
        busy={revoke.isPending}
      />
    </Card>
  );
}
