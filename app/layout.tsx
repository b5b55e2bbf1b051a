import { GeistSans } from "geist/font/sans";
import type { Metadata } from "next";
import type { ReactNode } from "react";
import { DemoBanner } from "@/components/layout/demo-banner";
import { SiteFooter } from "@/components/layout/site-footer";
import { SiteHeader } from "@/components/layout/site-header";
import { SkipLink } from "@/components/layout/skip-link";
import { ToasterHost } from "@/components/layout/toaster-host";
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
        {/* No app-wide react-query provider: pages and islands that use it bring QueryProvider (one shared
            client), so the home page loads react-query only when it needs it. */}
        {simulated ? <DemoBanner /> : null}
        <SiteHeader />
        <main id="main" className="mx-auto w-full max-w-6xl px-4 py-8 sm:px-6 sm:py-10">
          {children}
        </main>
        <SiteFooter />
        <ToasterHost />
      </body>
    </html>
  );
}
