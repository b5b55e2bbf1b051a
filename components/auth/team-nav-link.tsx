"use client";

import { NavLink } from "@/components/layout/nav-link";
import { useQuota } from "@/lib/client/queries";

/** "Team" in the main navigation, for signed-in staff only (the allowance query already says who is asking). */
export function TeamNavLink() {
  const { data } = useQuota();
  return data?.audience === "staff" ? <NavLink href="/team">Team</NavLink> : null;
}
