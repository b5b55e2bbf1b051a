"use client";

import { useState } from "react";

type CompareSliderProps = { before: string; after: string; width: number; height: number; prompt: string };

/**
 * Before/after over one frame. A transparent native range input covers the images, so dragging, clicking,
 * arrow keys, Home/End and screen readers all work without custom key handling.
 */
export function CompareSlider({ before, after, width, height, prompt }: CompareSliderProps) {
  const [position, setPosition] = useState(50);
  return (
    <figure className="flex flex-col gap-2">
      <div
        className="relative overflow-hidden rounded-lg bg-surface-sunken has-[input:focus-visible]:ring-2 has-[input:focus-visible]:ring-brand-500 has-[input:focus-visible]:ring-offset-2"
        style={{ aspectRatio: `${width} / ${height}` }}
      >
        {/* eslint-disable-next-line @next/next/no-img-element -- owner-checked files, see gallery-thumb */}
        <img src={after} alt={`After: ${prompt}`} className="absolute inset-0 size-full object-cover" />
        {/* eslint-disable-next-line @next/next/no-img-element */}
        <img
          src={before}
          alt="Before: your face photo"
          className="absolute inset-0 size-full object-cover"
          style={{ clipPath: `inset(0 ${100 - position}% 0 0)` }}
        />
        <div aria-hidden="true" className="pointer-events-none absolute inset-y-0 w-0.5 -translate-x-1/2 bg-white shadow" style={{ left: `${position}%` }}>
          <span className="absolute top-1/2 left-1/2 size-7 -translate-x-1/2 -translate-y-1/2 rounded-full border-2 border-white bg-brand-600 shadow" />
        </div>
        <input
          type="range"
          min={0}
          max={100}
          value={position}
          onChange={(e) => setPosition(Number(e.target.value))}
          aria-label="Compare before and after"
          aria-valuetext={`${position}% face photo, ${100 - position}% result`}
          className="absolute inset-0 size-full cursor-ew-resize opacity-0"
        />
      </div>
      <figcaption className="text-xs text-ink-faint">Drag, or focus and use the arrow keys: left shows the result, right shows your face photo.</figcaption>
    </figure>
  );
}
