"use client";

import { TriangleAlert } from "lucide-react";
import { useEffect } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

/** Any page that failed to render: say so plainly, offer to try again or go home. */
export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  // Server errors reach the browser without their message (Next strips it); the digest finds them in the log.
  const digest = error instanceof Error && "digest" in error && typeof error.digest === "string" ? error.digest : null;
  return (
    <EmptyState
      titleAs="h1"
      icon={TriangleAlert}
      title="Something went wrong"
      description="This page could not be shown. Trying again usually helps; your photos and headshots are not affected."
      action={<Button onClick={retry}>Try again</Button>}
      links={[{ href: "/", label: "Go to the home page" }]}
    >
      {digest ? <p className="text-xs text-ink-faint">Reference: {digest}</p> : null}
    </EmptyState>
  );
}
