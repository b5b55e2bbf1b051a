import { Compass } from "lucide-react";
import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <EmptyState
      titleAs="h1"
      icon={Compass}
      title="Page not found"
      description="There is nothing at this address. It may be mistyped, or the page has moved."
      links={[
        { href: "/", label: "Go to the home page" },
        { href: "/gallery", label: "Open the gallery" },
      ]}
    />
  );
}
