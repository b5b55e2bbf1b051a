const MAX = 160;

/** Alt text for a generated image, taken from the prompt that made it. */
export function headshotAlt(prompt: string): string {
  const text = prompt.trim().replace(/\s+/g, " ");
  if (!text) return "Generated headshot";
  const short = text.length > MAX ? `${text.slice(0, MAX - 1).trimEnd()}…` : text;
  return `Generated headshot: ${short}`;
}
