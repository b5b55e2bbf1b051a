"use client";

import { NavLink } from "@/components/layout/nav-link";
import { QueryProvider } from "@/components/providers/query-provider";
import { useQuota } from "./use-quota";

/** "Team" in the main navigation, for signed-in staff only (the allowance query already says who is asking). */
export function TeamNavLink() {
  const { data } = useQuota();
  return data?.audience === "staff" ? <NavLink href="/team">Team</NavLink> : null;
}

/** TeamNavLink with its own react-query provider, for loading after the page (see ./lazy.tsx). */
export function TeamNavLinkIsland() {
  return (
    <QueryProvider>
      <TeamNavLink />
    </QueryProvider>
  );
}
