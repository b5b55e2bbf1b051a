import type { Metadata } from "next";
import { GenerationDetail } from "@/components/gallery/generation-detail";
import { QueryProvider } from "@/components/providers/query-provider";

export const metadata: Metadata = { title: "Headshot" };

export default async function GenerationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  // Fetched in the browser: the API checks the owner cookie and answers 404 to anyone else.
  return (
    <QueryProvider>
      <GenerationDetail id={id} />
    </QueryProvider>
  );
}
