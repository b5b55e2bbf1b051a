import "server-only";

// PLACEHOLDER — another helper writes the real module (ZIP of originals + website crops + manifest.csv, streamed
// in constant memory). The lead replaces this file when merging; only the signature below is relied on.

/** One person in the ZIP, as chosen by lib/teams/shoots.ts exportSelection. */
export type ExportPerson = {
  name: string;
  email: string | null;
  title: string | null;
  status: string;
  seed: number;
  prompt: string;
  width: number;
  height: number;
  createdAt: string;
  /** Storage key of the chosen output (PNG). */
  outputKey: string;
};

export function streamShootZip(args: { people: ExportPerson[]; crops: string[]; readOutput: (key: string) => Promise<Buffer> }): ReadableStream<Uint8Array> {
  void args;
  throw new Error("not yet merged: lib/teams/export.ts streamShootZip");
}
