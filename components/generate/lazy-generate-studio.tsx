"use client";

// The home page's studio (the form and its result panel) as a script of its own, requested when the page starts
// hydrating rather than listed with the page's first scripts. The server still renders the whole form, so
// nothing on screen changes; what moves is the work: react-hook-form and the form's components (~28 kB gzip)
// are downloaded beside the layout's scripts instead of before the first paint, and evaluated and hydrated in
// tasks of their own instead of inside the layout's longest one. Lighthouse's mobile score counts every
// millisecond added to a long task (docs/performance.md, issue 11, run 9). React.lazy rather than next/dynamic:
// next/dynamic would preload the script in the page's <head>, which is the cost this avoids.
import { type ComponentProps, lazy } from "react";
import type { GenerateStudio } from "./generate-studio";

const Studio = lazy(() => import("./generate-studio").then((m) => ({ default: m.GenerateStudio })));

// A component, not the lazy object itself: a server page can only render a client module's export as an element
// type when it is a function (a lazy export fails with React error 306).
export function LazyGenerateStudio(props: ComponentProps<typeof GenerateStudio>) {
  return <Studio {...props} />;
}
