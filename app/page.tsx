import { Suspense } from "react";
import { GenerateStudio } from "@/components/generate/generate-studio";

export default function HomePage() {
  return (
    <div className="space-y-8">
      <div className="max-w-2xl space-y-2">
        <h1 className="text-2xl font-semibold tracking-tight text-ink sm:text-3xl">Create a headshot</h1>
        <p className="text-ink-muted">Upload a face photo, pick a look, and get a professional headshot in about a minute.</p>
      </div>
      {/* useSearchParams inside the studio needs a Suspense boundary. */}
      <Suspense fallback={<div className="h-96 animate-pulse rounded-card bg-white" aria-busy="true" />}>
        <GenerateStudio />
      </Suspense>
    </div>
  );
}
