"use client";

import { useQuery } from "@tanstack/react-query";
import { getQueryClient } from "@/lib/client/queries";
import { CalendarClock, CircleCheck, Images } from "lucide-react";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Spinner } from "@/components/ui/spinner";
import { ApiError, errorMessage } from "@/lib/client/api";
import { joinApi, shootKeys } from "@/lib/client/teams-api";
import type { JoinInfoDto, JoinMeDto } from "@/lib/teams/types";
import { formatDay, plural } from "@/components/team/format";
import { JoinConsent } from "./consent";
import { JoinForm } from "./join-form";
import { JoinResults } from "./join-results";

export const JOIN_POLL_MS = 2000;

type Props = { token: string; info: JoinInfoDto; initialMe: JoinMeDto | null };
type Stage = "form" | "joined" | "deleted";

/**
 * The invite page in the browser: the consent text and the form until this browser has joined, then the
 * person's own headshots (polled while any is being made), and a clear end state after "Delete my photos".
 */
export function JoinView({ token, info, initialMe }: Props) {
  const client = getQueryClient();
  const [stage, setStage] = useState<Stage>(initialMe ? "joined" : "form");
  const me = useQuery({
    queryKey: shootKeys.me(token),
    queryFn: ({ signal }) => joinApi.me(token, signal),
    initialData: initialMe ?? undefined,
    enabled: stage === "joined",
    refetchInterval: (query) => (query.state.data?.person.generating ? JOIN_POLL_MS : false),
    refetchIntervalInBackground: true,
  }, getQueryClient());
  // The cookie is gone or staff removed this person: back to the form, with a word about why.
  const lost = stage === "joined" && me.error instanceof ApiError && me.error.status === 401;

  if (stage === "deleted") return <Deleted shootName={info.shoot.name} canJoin={!info.expired} onJoinAgain={() => setStage("form")} />;

  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div className="space-y-2">
        <p className="text-sm font-medium text-brand-700">Team headshots</p>
        <h1 className="text-2xl font-semibold tracking-tight break-words text-ink sm:text-3xl">{info.shoot.name}</h1>
        <p className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-ink-muted">
          <span className="inline-flex items-center gap-1.5">
            <Images aria-hidden="true" className="size-4" />
            {plural(info.shoot.variants, "headshot")} from one photo
            {info.shoot.regenerations > 0 ? `, ${plural(info.shoot.regenerations, "more try", "more tries")} if you want` : ""}
          </span>
          {info.shoot.dueDate ? (
            <span className="inline-flex items-center gap-1.5">
              <CalendarClock aria-hidden="true" className="size-4" />
              Open until {formatDay(info.shoot.dueDate)}
            </span>
          ) : null}
        </p>
      </div>

      {stage === "joined" && !lost ? (
        me.data ? (
          <JoinResults
            token={token}
            me={me.data}
            onChange={(next) => client.setQueryData(shootKeys.me(token), next)}
            onDeleted={() => {
              client.removeQueries({ queryKey: shootKeys.me(token) });
              setStage("deleted");
            }}
          />
        ) : me.error ? (
          <Alert title="Could not load your headshots" action={<Button variant="secondary" size="sm" onClick={() => void me.refetch()}>Try again</Button>}>
            {errorMessage(me.error)}
          </Alert>
        ) : (
          <p role="status" className="flex items-center gap-2 text-sm text-ink-muted">
            <Spinner /> Loading your headshots…
          </p>
        )
      ) : (
        <>
          {lost ? <Alert tone="info" title="Your photos are no longer in this shoot">You can add your photo again below.</Alert> : null}
          <JoinConsent info={info} />
          <Card>
            <CardHeader>
              <CardTitle>Your details and photo</CardTitle>
              <CardDescription>A clear, front-facing photo of just you works best: good light, no sunglasses.</CardDescription>
            </CardHeader>
            <CardContent>
              <JoinForm
                token={token}
                onJoined={() => {
                  void client.invalidateQueries({ queryKey: shootKeys.me(token) });
                  setStage("joined");
                }}
              />
            </CardContent>
          </Card>
        </>
      )}
    </div>
  );
}

function Deleted({ shootName, canJoin, onJoinAgain }: { shootName: string; canJoin: boolean; onJoinAgain: () => void }) {
  return (
    <Card className="mx-auto max-w-lg">
      <CardHeader className="flex flex-col items-start gap-3">
        <span className="grid size-12 place-items-center rounded-full bg-ok-50 text-ok-700">
          <CircleCheck aria-hidden="true" className="size-6" />
        </span>
        <CardTitle className="text-xl">Your photos were deleted</CardTitle>
        <CardDescription>{shootName}</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4 text-sm text-ink">
        <p>Your face photo, every headshot made from it and your details were removed from this shoot. The team no longer has them.</p>
        {canJoin ? (
          <Button variant="secondary" onClick={onJoinAgain}>
            Add a photo again
          </Button>
        ) : null}
      </CardContent>
    </Card>
  );
}
