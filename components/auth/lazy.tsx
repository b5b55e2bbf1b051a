"use client";

import dynamic from "next/dynamic";

// They show nothing until their query answers, so nothing is lost by loading them (and react-query) after
// the page has hydrated; the home page's first load is ~12 kB gzip lighter for it.
export const LazyAccountMenu = dynamic(() => import("./account-menu").then((m) => m.AccountMenuIsland), { ssr: false });
export const LazyQuotaStatus = dynamic(() => import("./quota-status").then((m) => m.QuotaStatusIsland), { ssr: false });
export const LazyTeamNavLink = dynamic(() => import("./team-nav-link").then((m) => m.TeamNavLinkIsland), { ssr: false });
