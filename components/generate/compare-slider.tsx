"use client";

import Image from "next/image";
import { useRef, useState, type KeyboardEvent, type PointerEvent } from "react";
import { cn } from "@/lib/client/cn";

type Props = { before: string; after: string; beforeAlt: string; afterAlt: string; width: number; height: number };

const clamp = (n: number) => Math.min(100, Math.max(0, n));
const KEY_STEPS: Record<string, (pos: number) => number> = {
  ArrowLeft: (p) => p - 5,
  ArrowDown: (p) => p - 5,
  ArrowRight: (p) => p + 5,
  ArrowUp: (p) => p + 5,
  PageDown: (p) => p - 20,
  PageUp: (p) => p + 20,
  Home: () => 0,
  End: () => 100,
};

/** Before/after: the face photo on the left of the divider, the headshot on the right. Drag, click or use arrow keys. */
export function CompareSlider({ before, after, beforeAlt, afterAlt, width, height }: Props) {
  const [pos, setPos] = useState(50);
  const box = useRef<HTMLDivElement>(null);
  const dragging = useRef(false);

  const moveTo = (clientX: number) => {
    const rect = box.current?.getBoundingClientRect();
    if (rect && rect.width > 0) setPos(clamp(((clientX - rect.left) / rect.width) * 100));
  };
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    dragging.current = true;
    e.currentTarget.setPointerCapture(e.pointerId);
    moveTo(e.clientX);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = KEY_STEPS[e.key];
    if (!step) return;
    e.preventDefault();
    setPos((p) => clamp(step(p)));
  };

  return (
    <div
      ref={box}
      className="relative w-full touch-none overflow-hidden rounded-lg bg-surface-sunken select-none"
      style={{ aspectRatio: `${width} / ${height}` }}
      onPointerDown={onPointerDown}
      onPointerMove={(e) => dragging.current && moveTo(e.clientX)}
      onPointerUp={() => (dragging.current = false)}
      onPointerCancel={() => (dragging.current = false)}
    >
      <Image src={after} alt={afterAlt} fill unoptimized draggable={false} sizes="(min-width: 1024px) 50vw, 100vw" className="object-cover" />
      <div className="absolute inset-0" style={{ clipPath: `inset(0 ${100 - pos}% 0 0)` }}>
        <Image src={before} alt={beforeAlt} fill unoptimized draggable={false} sizes="(min-width: 1024px) 50vw, 100vw" className="object-cover" />
      </div>
      <Tag className="left-2">Face photo</Tag>
      <Tag className="right-2">Headshot</Tag>
      <div
        role="slider"
        tabIndex={0}
        aria-label="Compare face photo and headshot"
        aria-orientation="horizontal"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(pos)}
        aria-valuetext={`${Math.round(pos)}% face photo shown`}
        onKeyDown={onKeyDown}
        className="group absolute inset-y-0 -ml-5 flex w-10 cursor-ew-resize justify-center focus-visible:outline-none"
        style={{ left: `${pos}%` }}
      >
        <span aria-hidden="true" className="h-full w-0.5 bg-white shadow-[0_0_0_1px_rgba(0,0,0,0.25)]" />
        <span
          aria-hidden="true"
          className="absolute top-1/2 grid size-9 -translate-y-1/2 place-items-center rounded-full bg-white text-ink shadow-md ring-brand-500 ring-offset-2 group-focus-visible:ring-2"
        >
          ⇆
        </span>
      </div>
    </div>
  );
}

function Tag({ className, children }: { className: string; children: string }) {
  return (
    <span aria-hidden="true" className={cn("absolute top-2 rounded-md bg-black/60 px-2 py-0.5 text-xs font-medium text-white", className)}>
      {children}
    </span>
  );
}
