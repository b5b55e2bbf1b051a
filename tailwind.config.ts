import type { Config } from "tailwindcss";

// Design tokens live here; app/globals.css loads this file through `@config`.
const config: Config = {
  content: ["./app/**/*.{ts,tsx}", "./components/**/*.{ts,tsx}"],
  theme: {
    extend: {
      colors: {
        brand: {
          50: "#eef6ff",
          100: "#d9eaff",
          500: "#2f6fed",
          600: "#1f56c9",
          700: "#1a46a3",
        },
        ink: { DEFAULT: "#111827", muted: "#4b5563", faint: "#6b7280" },
        surface: { DEFAULT: "#ffffff", sunken: "#f6f7f9", border: "#e5e7eb" },
        danger: { 50: "#fef2f2", 600: "#b91c1c" },
        warn: { 50: "#fffbeb", 200: "#fde68a", 800: "#92400e" },
        ok: { 50: "#ecfdf5", 700: "#047857" },
      },
      borderRadius: { card: "0.875rem" },
      fontFamily: { sans: ["var(--font-geist-sans)", "system-ui", "sans-serif"] },
    },
  },
};

export default config;
