import type { Config } from "tailwindcss";

// Tailwind 4 takes the design tokens (colours, radius, font) from `@theme` in app/globals.css. This file
// only says where the class names live; globals.css loads it with `@config`.
const config: Config = {
  content: ["./app/**/*.{ts,tsx}", "./components/**/*.{ts,tsx}"],
};

export default config;
