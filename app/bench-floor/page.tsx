// The benchmarks' floor for pages (docs/performance.md): nothing but the root layout, so First Load JS and
// Lighthouse of a real page can be set beside what the layout alone costs. Only in a server started with
// BENCH_FLOORS=1 (the bench's servers); anywhere else it is the not-found page.
import type { Metadata } from "next";
import { notFound } from "next/navigation";

export const metadata: Metadata = { title: "Layout only", robots: { index: false } };

export default function LayoutOnlyPage() {
  if (process.env.BENCH_FLOORS !== "1") notFound();
  return null;
}
