import type { Metadata } from "next";
import { JoinClosed } from "@/components/join/join-closed";
import { JoinView } from "@/components/join/join-view";
import { formatDay } from "@/components/team/format";
import { getConfig } from "@/lib/config";
import { isAppError } from "@/lib/errors";
import { getDeps } from "@/lib/generations/runtime";
import type { ShootRow } from "@/lib/db/schema";
import { joinedPersonId } from "@/lib/session/person";
import { joinInfo, joinMe, shootForInvite } from "@/lib/teams/shoots";

// A link with a secret in it: keep it out of search engines (Referrer-Policy: no-referrer is set for every page).
export const metadata: Metadata = { title: "Your team headshot", robots: { index: false, follow: false } };

type Props = { params: Promise<{ token: string }> };

/**
 * The invite link. Everything it shows before an upload is read here, on the server: the shoot, what is
 * kept and for how long, or why the link does not work (revoked or unknown, past its due date, full).
 */
export default async function JoinPage({ params }: Props) {
  const { token } = await params;
  const deps = getDeps();
  let shoot: ShootRow;
  try {
    shoot = await shootForInvite(deps, token);
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") return <JoinClosed reason="invalid" message={error.message} />;
    throw error;
  }
  const personId = await joinedPersonId(shoot.id);
  const info = await joinInfo(deps, shoot, { retentionDays: getConfig().faceRetentionDays, personId });
  // Someone who already joined keeps their page (favourite, delete) after the due date or once the shoot is full.
  if (!info.joined && info.expired) {
    const until = info.shoot.dueDate ? ` It took new people until ${formatDay(info.shoot.dueDate)}.` : "";
    return <JoinClosed reason="expired" shootName={info.shoot.name} message={`This invite link has expired.${until}`} />;
  }
  if (!info.joined && info.full) {
    return <JoinClosed reason="full" shootName={info.shoot.name} message="This shoot already has as many people as it can take." />;
  }
  const me = info.joined && personId ? await joinMe(deps, shoot, personId) : null;
  return (
      <JoinView token={token} info={info} initialMe={me} />
  );
}
