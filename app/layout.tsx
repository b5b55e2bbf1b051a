// Pages and their layout; the server actions the pages call are in actions.ts, the JSON API in api/.
import { GeistSans } from "geist/font/sans";
import type { Metadata } from "next";
import type { ReactNode } from "react";
import { DemoBanner, SiteFooter, SiteHeader, SkipLink } from "@/components/layout/site-chrome";
import { Toaster } from "@/components/ui/toast";
import { getConfig } from "@/lib/config";
import "./globals.css";

// The demo banner depends on the environment at request time, not at build time.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Headshot Studio", template: "%s · Headshot Studio" },
  description: "Turn a face photo into a professional headshot.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  const simulated = getConfig().mode === "simulated";
  return (
    <html lang="en" className={GeistSans.variable}>
      <body className="min-h-dvh font-sans">
        <SkipLink />
        {simulated ? <DemoBanner /> : null}
        <SiteHeader />
        <main id="main" className="mx-auto w-full max-w-6xl px-4 py-8 sm:px-6 sm:py-10">
          {children}
        </main>
        <SiteFooter />
        <Toaster position="bottom-right" richColors closeButton />
      </body>
    </html>
  );
}
