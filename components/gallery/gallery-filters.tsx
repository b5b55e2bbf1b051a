"use client";

import { Search } from "lucide-react";
import { useEffect, useState } from "react";
import { buttonVariants } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { SEARCH_MAX, STATUS_VIEWS, type GalleryQuery } from "./gallery-list";

const SEARCH_DELAY_MS = 300;

type GalleryFiltersProps = { query: GalleryQuery; onChange: (patch: Partial<GalleryQuery>) => void; searching: boolean };

function useDebouncedValue<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

export function GalleryFilters({ query, onChange, searching }: GalleryFiltersProps) {
  const [text, setText] = useState(query.q);
  const debounced = useDebouncedValue(text, SEARCH_DELAY_MS);
  useEffect(() => {
    onChange({ q: debounced });
  }, [debounced, onChange]);

  return (
    <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
      <div role="group" aria-label="Filter by status" className="flex flex-wrap gap-1.5">
        {STATUS_VIEWS.map((v) => (
          <button
            key={v.value}
            type="button"
            aria-pressed={query.view === v.value}
            onClick={() => onChange({ view: v.value })}
            className={buttonVariants({ variant: query.view === v.value ? "primary" : "secondary", size: "sm", shape: "pill" })}
          >
            {v.label}
          </button>
        ))}
      </div>
      <div className="relative w-full sm:max-w-xs">
        <label htmlFor="gallery-search" className="sr-only">
          Search prompts
        </label>
        <Search aria-hidden="true" className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-ink-faint" />
        <Input
          id="gallery-search"
          type="search"
          placeholder="Search prompts"
          value={text}
          maxLength={SEARCH_MAX}
          onChange={(e) => setText(e.target.value)}
          className="pr-9 pl-9"
        />
        {searching ? <Spinner className="absolute top-1/2 right-3 -translate-y-1/2 text-ink-faint" label="Searching" /> : null}
      </div>
    </div>
  );
}
