"use client";

import { useQuery } from "@tanstack/react-query";
import { getQueryClient } from "@/lib/client/queries";
import { useCallback } from "react";
import { shootKeys, teamsApi } from "@/lib/client/teams-api";
import type { ShootDto, ShootPersonDto } from "@/lib/teams/types";

export const SHOOT_POLL_MS = 2000;
/** With nothing being made, a slow look for colleagues who joined through the link, while the tab is visible. */
export const SHOOT_IDLE_POLL_MS = 30_000;

/** Poll while anyone's headshots are still being made or wait for a free slot; stop when nothing is open. */
export const shootNeedsPolling = (shoot: Pick<ShootDto, "people"> | undefined) => Boolean(shoot?.people.some((p) => p.generating));

/**
 * One shoot, starting from the server-rendered copy: every ~2 s while anything is being made or waiting for
 * a slot (each poll also moves unfinished jobs along on the server), then only a slow look every 30 s while
 * the tab is visible and on focus.
 */
export function useShoot(initial: ShootDto) {
  return useQuery({
    queryKey: shootKeys.detail(initial.id),
    queryFn: ({ signal }) => teamsApi.getShoot(initial.id, signal),
    initialData: initial,
    refetchInterval: (query) =>
      shootNeedsPolling(query.state.data) ? SHOOT_POLL_MS : typeof document !== "undefined" && document.visibilityState === "visible" ? SHOOT_IDLE_POLL_MS : false,
    refetchIntervalInBackground: true,
    // Coming back to the tab shows who joined meanwhile.
    refetchOnWindowFocus: true,
  }, getQueryClient());
}

/** After a change to one person: show the answer at once, then fetch the shoot again for the counters. */
export function useShootUpdater(shootId: string) {
  const client = getQueryClient();
  const refresh = useCallback(() => client.invalidateQueries({ queryKey: shootKeys.detail(shootId) }), [client, shootId]);
  const putPerson = useCallback(
    (person: ShootPersonDto) => {
      client.setQueryData<ShootDto>(shootKeys.detail(shootId), (shoot) =>
        shoot ? { ...shoot, people: shoot.people.map((p) => (p.id === person.id ? person : p)) } : shoot,
      );
      void refresh();
    },
    [client, shootId, refresh],
  );
  const dropPerson = useCallback(
    (personId: string) => {
      client.setQueryData<ShootDto>(shootKeys.detail(shootId), (shoot) =>
        shoot ? { ...shoot, people: shoot.people.filter((p) => p.id !== personId) } : shoot,
      );
      void refresh();
    },
    [client, shootId, refresh],
  );
  return { refresh, putPerson, dropPerson };
}
