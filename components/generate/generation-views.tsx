"use client";

import dynamic from "next/dynamic";
import { Card } from "@/components/ui/card";

// The waiting, result and failure views are only needed once a generation exists, so they (and next/image,
// the compare view) load on demand instead of with the page.
export function PanelSkeleton() {
  return <Card aria-busy="true" aria-label="Loading generation" className="aspect-square w-full animate-pulse bg-white" />;
}

const loading = () => <PanelSkeleton />;

export const ProgressCard = dynamic(() => import("./progress-card").then((m) => m.ProgressCard), { loading });
export const ResultCard = dynamic(() => import("./result-card").then((m) => m.ResultCard), { loading });
export const FailureCard = dynamic(() => import("./failure-card").then((m) => m.FailureCard), { loading });
