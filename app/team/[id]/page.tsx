import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ShootView } from "@/components/team/shoot-view";
import { isAppError } from "@/lib/errors";
import { getDeps } from "@/lib/generations/runtime";
import { requireStaffPage } from "@/lib/session/person";
import { getShoot } from "@/lib/teams/shoots";
import type { ShootDto } from "@/lib/teams/types";

export const metadata: Metadata = { title: "Shoot" };

type Props = { params: Promise<{ id: string }> };

export default async function ShootPage({ params }: Props) {
  const { id } = await params;
  await requireStaffPage(`/team/${encodeURIComponent(id)}`);
  let shoot: ShootDto;
  try {
    shoot = await getShoot(getDeps(), id);
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  }
  return (
      <ShootView initial={shoot} />
  );
}
