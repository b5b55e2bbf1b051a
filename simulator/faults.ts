// Fault injection: the misbehaviours of the real service (and of networks) a test can ask for, per request.
/** Per-request misbehaviour, asked for with `[sim:name]` / `[sim:name=N]` in the prompt or the x-sim-fault header. */
export type Faults = {
  messege: boolean;
  tryAgain: number | null;
  stuck: boolean;
  fail: boolean;
  http500: boolean;
  http503: boolean;
  garbage: boolean;
  empty: boolean;
  slowMs: number | null;
  hang: boolean;
  credits402: boolean;
  rate429: boolean;
  errorStyle: "200" | "4xx" | null;
  mode: "sync" | "queued" | null;
  badOutput: boolean;
};

export const NO_FAULTS: Faults = {
  messege: false,
  tryAgain: null,
  stuck: false,
  fail: false,
  http500: false,
  http503: false,
  garbage: false,
  empty: false,
  slowMs: null,
  hang: false,
  credits402: false,
  rate429: false,
  errorStyle: null,
  mode: null,
  badOutput: false,
};

const TOKEN = /\[sim:([a-z0-9-]+)(?:=(\d+))?\]/gi;

function apply(f: Faults, name: string, arg: number | null): void {
  switch (name) {
    case "messege": f.messege = true; break;
    case "try-again": f.tryAgain = arg ?? 1; break;
    case "stuck": f.stuck = true; break;
    case "fail": f.fail = true; break;
    case "500": f.http500 = true; break;
    case "503": f.http503 = true; break;
    case "garbage": f.garbage = true; break;
    case "empty": f.empty = true; break;
    case "slow": f.slowMs = arg ?? 5000; break;
    case "hang": f.hang = true; break;
    case "402": f.credits402 = true; break;
    case "429": f.rate429 = true; break;
    case "error-4xx": f.errorStyle = "4xx"; break;
    case "error-200": f.errorStyle = "200"; break;
    case "sync": f.mode = "sync"; break;
    case "queued": f.mode = "queued"; break;
    case "bad-output": f.badOutput = true; break;
  }
}

function headerAsTokens(header: string): string {
  return header
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((t) => (t.startsWith("[") ? t : `[sim:${t}]`))
    .join(" ");
}

export function parseFaults(prompt: unknown, header: string | string[] | undefined): Faults {
  const f: Faults = { ...NO_FAULTS };
  const headerText = Array.isArray(header) ? header.join(",") : (header ?? "");
  const text = `${typeof prompt === "string" ? prompt : ""} ${headerAsTokens(headerText)}`;
  for (const m of text.matchAll(TOKEN)) {
    const name = (m[1] ?? "").toLowerCase();
    apply(f, name, m[2] === undefined ? null : Number(m[2]));
  }
  return f;
}
