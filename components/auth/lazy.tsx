"use client";

import dynamic from "next/dynamic";

// The allowance (header and phone) and the account corner render nothing until their query answers, so
// loading them, and react-query with them, after the page has hydrated loses nothing: it keeps react-query
// (~10 kB gzip) out of the home page's first load.
export const LazyAccountMenu = dynamic(() => import("./account-menu").then((m) => m.AccountMenu), { ssr: false });
export const LazyQuotaStatus = dynamic(() => import("./quota-status").then((m) => m.QuotaStatus), { ssr: false });
export const LazyTeamNavLink = dynamic(() => import("./team-nav-link").then((m) => m.TeamNavLink), { ssr: false });
