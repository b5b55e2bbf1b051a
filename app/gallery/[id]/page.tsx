import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { GenerationDetail } from "@/components/gallery/generation-detail";
import { ownedGeneration } from "@/components/gallery/server-data";

export const metadata: Metadata = { title: "Headshot" };

export default async function GenerationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  // Someone else's generation is answered exactly like a missing one.
  const generation = await ownedGeneration(id);
  if (!generation) notFound();
  return <GenerationDetail initial={generation} />;
}
