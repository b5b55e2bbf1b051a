import { clsx, type ClassValue } from "clsx";

/**
 * Joins class names. It does not resolve conflicts (tailwind-merge cost 8 kB gzip on every page): a component
 * that lets callers change a property offers a variant or prop for it instead of a clashing class.
 */
export function cn(...inputs: ClassValue[]): string {
  return clsx(inputs);
}
