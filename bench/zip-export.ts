/**
 * Team shoot ZIP export (issue 13): peak RSS and time to stream the ZIP of 100 people × 3 crops
 * (target ≤ 300 MB peak RSS), beside a floor measured in the same run.
 *
 *   node --import tsx bench/zip-export.ts          (or `npm run bench:zip`)
 *   PEOPLE=200 node --import tsx bench/zip-export.ts
 *
 * The parent makes the synthetic outputs (1024×1024 PNGs: gradient + a face-like ellipse + noise, about
 * 1.5 MB each, held on disk in a temp folder) and then runs each measurement in a fresh child process, so
 * each one's kernel high-water mark (VmHWM) is its own:
 *   copy     the same export with no crops: originals only, read → ZIP (the floor for time and memory);
 *   export   the export of a quarter of the people × 3 crops (memory must not grow with the count);
 *   export   all people × 3 crops (the figure).
 * Each child loads sharp and archiver, records its RSS before exporting (the idle floor), samples its RSS
 * every 10 ms while `streamShootZip` is piped to a file, and reads VmHWM at the end. Children run with
 * `--conditions=react-server` (the export module is server-only). Results: bench/results/zip-export.json.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";

const SELF = fileURLToPath(import.meta.url);
const ROOT = path.resolve(path.dirname(SELF), "..");
const PEOPLE = Number(process.env.PEOPLE ?? 100);
const SIZE = 1024;
const TARGET_MB = 300;

interface PhaseResult {
  phase: string;
  people: number;
  crops: number;
  ms: number;
  /** CPU time (user + system) of the export: less skewed than wall time by other load on the machine. */
  cpuMs: number;
  zipBytes: number;
  entries: number;
  idleRssMb: number;
  peakRssMb: number;
  vmHwmMb: number;
  samples: number;
  missing: number;
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

function vmHwmBytes(): number {
  const line = readFileSync("/proc/self/status", "utf8")
    .split("\n")
    .find((l) => l.startsWith("VmHWM:"));
  return line ? Number(line.split(/\s+/)[1]) * 1024 : 0;
}

// ---------------------------------------------------------------------------------------------------------
// Child: one measured export
// ---------------------------------------------------------------------------------------------------------

async function child(phase: string, dir: string, out: string, people: number, withCrops: boolean): Promise<void> {
  // Load sharp, archiver and csv-stringify (through the export module) before measuring the floor.
  const { streamShootZip, CROP_IDS } = await import("../lib/teams/export");
  const sharp = (await import("sharp")).default;
  await sharp({ create: { width: 8, height: 8, channels: 3, background: "#000" } }).png().toBuffer();
  await new Promise((r) => setTimeout(r, 200));
  const idleRss = process.memoryUsage.rss();

  let peak = idleRss;
  let samples = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
    samples++;
  }, 10);

  const list = Array.from({ length: people }, (_, i) => ({
    name: NAMES[i % NAMES.length] ?? "Person",
    email: `person${i}@example.com`,
    title: "Account Executive, EMEA",
    status: "approved",
    seed: 1_000_000 + i,
    prompt: "corporate headshot, soft studio light, neutral grey backdrop",
    width: SIZE,
    height: SIZE,
    createdAt: new Date(Date.UTC(2026, 10, 1, 9, i)),
    outputKey: `out-${i}.png`,
  }));
  let missing = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await pipeline(
    streamShootZip({
      people: list,
      crops: withCrops ? [...CROP_IDS] : [],
      readOutput: (key) => fsp.readFile(path.join(dir, key)),
      onSkip: () => missing++,
    }),
    (await import("node:fs")).createWriteStream(out),
  );
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage.rss());

  const result: PhaseResult = {
    phase,
    people,
    crops: withCrops ? CROP_IDS.length : 0,
    ms: Math.round(ms),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    zipBytes: statSync(out).size,
    entries: people * (1 + (withCrops ? CROP_IDS.length : 0)) + 1 - missing * (1 + (withCrops ? CROP_IDS.length : 0)),
    idleRssMb: mb(idleRss),
    peakRssMb: mb(peak),
    vmHwmMb: mb(vmHwmBytes()),
    samples,
    missing,
  };
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

const NAMES = ["Ana López", "Ana Lopez", "Björn Ågren", "Chloé Dubois", "Dmitri Ivanov", "Eve O'Neil", "Fatima Zahra", "Guo Wei", "Hannah Müller", "Ivan Petrov"];

// ---------------------------------------------------------------------------------------------------------
// Parent: data, children, report
// ---------------------------------------------------------------------------------------------------------

/** A 1024² "headshot": vertical gradient backdrop, a skin-toned ellipse placed per person, noise everywhere. */
async function syntheticOutput(i: number): Promise<Buffer> {
  const sharp = (await import("sharp")).default;
  const raw = Buffer.alloc(SIZE * SIZE * 3);
  const cx = 380 + ((i * 97) % 260);
  const cy = 360 + ((i * 53) % 160);
  let s = (i + 1) * 2654435761;
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      const n = ((s >>> 0) % 17) - 8;
      const dx = (x - cx) / 190;
      const dy = (y - cy) / 250;
      const inFace = dx * dx + dy * dy < 1;
      const k = (y * SIZE + x) * 3;
      const base = inFace ? [222, 168, 132] : [70 + (y >> 4), 78 + (y >> 4), 88 + (x >> 5)];
      raw[k] = Math.max(0, Math.min(255, (base[0] ?? 0) + n));
      raw[k + 1] = Math.max(0, Math.min(255, (base[1] ?? 0) + n));
      raw[k + 2] = Math.max(0, Math.min(255, (base[2] ?? 0) + n));
    }
  }
  return sharp(raw, { raw: { width: SIZE, height: SIZE, channels: 3 } }).png().toBuffer();
}

function runChild(args: string[]): Promise<PhaseResult> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", SELF, ...args], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let stdout = "";
    proc.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    proc.on("error", reject);
    proc.on("close", (code) => {
      const line = stdout.split("\n").find((l) => l.startsWith("RESULT "));
      if (code !== 0 || !line) reject(new Error(`child ${args.join(" ")} exited ${code}\n${stdout}`));
      else resolve(JSON.parse(line.slice("RESULT ".length)) as PhaseResult);
    });
  });
}

/** Entry count and top folders (yauzl, sizes checked), and Info-ZIP's `unzip -tq` verdict where installed. */
async function verifyZip(file: string): Promise<{ entries: number; folders: string[]; unzipTest: string }> {
  const yauzl = (await import("yauzl")).default;
  const zip = await yauzl.openPromise(file, { lazyEntries: true, validateEntrySizes: true });
  const folders = new Set<string>();
  let entries = 0;
  for await (const entry of zip.eachEntry()) {
    entries++;
    folders.add(entry.fileName.includes("/") ? entry.fileName.split("/")[0] + "/" : entry.fileName);
  }
  zip.close();
  const test = spawnSync("unzip", ["-tq", file], { encoding: "utf8" });
  const unzipTest = test.error ? "unzip not installed" : (test.stdout || test.stderr).trim().split("\n").slice(-1)[0] ?? "";
  return { entries, folders: [...folders], unzipTest };
}

async function parent(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "zip-bench-"));
  try {
    const tGen = performance.now();
    let outputBytes = 0;
    for (let i = 0; i < PEOPLE; i++) {
      const png = await syntheticOutput(i);
      outputBytes += png.length;
      writeFileSync(path.join(dir, `out-${i}.png`), png);
    }
    console.log(`load average before measuring: ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} on ${os.cpus().length} cores`);
    console.log(`made ${PEOPLE} outputs of ${SIZE}×${SIZE} (${mb(outputBytes)} MB, ${mb(outputBytes / PEOPLE)} MB each) in ${Math.round(performance.now() - tGen)} ms`);

    const quarter = Math.max(1, Math.round(PEOPLE / 4));
    const copy = await runChild(["--phase", "copy", dir, path.join(dir, "copy.zip"), String(PEOPLE)]);
    const small = await runChild(["--phase", "export", dir, path.join(dir, "small.zip"), String(quarter)]);
    const full = await runChild(["--phase", "export", dir, path.join(dir, "full.zip"), String(PEOPLE)]);
    const check = await verifyZip(path.join(dir, "full.zip"));
    if (check.entries !== full.entries) throw new Error(`ZIP holds ${check.entries} entries, expected ${full.entries}`);

    const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
    const rows: [string, string, string][] = [
      ["outputs", `${PEOPLE} × ${SIZE}² PNG, ${mb(outputBytes / PEOPLE)} MB each`, ""],
      [`ZIP time, ${PEOPLE} people × 3 crops`, `${(full.ms / 1000).toFixed(1)} s`, `${Math.round(full.ms / PEOPLE)} ms/person; ×${ratio(full.ms, copy.ms)} the copy-only floor`],
      ["ZIP CPU time (user + system)", `${(full.cpuMs / 1000).toFixed(1)} s`, `${Math.round(full.cpuMs / PEOPLE)} ms/person; copy-only floor ${(copy.cpuMs / 1000).toFixed(1)} s`],
      ["ZIP bytes", `${mb(full.zipBytes)} MB`, `${check.entries} entries: ${check.folders.join(" ")}; unzip -t: ${check.unzipTest}`],
      ["peak RSS (10 ms samples)", `${full.peakRssMb} MB`, `${full.samples} samples; target ≤ ${TARGET_MB} MB: ${full.peakRssMb <= TARGET_MB ? "OK" : "OVER"}`],
      ["peak RSS (VmHWM)", `${full.vmHwmMb} MB`, `target ≤ ${TARGET_MB} MB: ${full.vmHwmMb <= TARGET_MB ? "OK" : "OVER"}`],
      ["floor: RSS idle (sharp + archiver loaded)", `${full.idleRssMb} MB`, `peak/idle ×${ratio(full.vmHwmMb, full.idleRssMb)}; peak − idle ${Math.round((full.vmHwmMb - full.idleRssMb) * 10) / 10} MB`],
      ["floor: copy originals, no crops — time", `${(copy.ms / 1000).toFixed(1)} s`, `${mb(copy.zipBytes)} MB ZIP`],
      ["floor: copy originals, no crops — VmHWM", `${copy.vmHwmMb} MB`, `export peak / copy peak ×${ratio(full.vmHwmMb, copy.vmHwmMb)}`],
      [`same export, ${quarter} people — VmHWM`, `${small.vmHwmMb} MB`, `${(small.ms / 1000).toFixed(1)} s; ${PEOPLE} people / ${quarter} people peak ×${ratio(full.vmHwmMb, small.vmHwmMb)}`],
    ];
    const w0 = Math.max(...rows.map((r) => r[0].length));
    const w1 = Math.max(...rows.map((r) => r[1].length));
    console.log("");
    for (const [a, b, c] of rows) console.log(`${a.padEnd(w0)}  ${b.padStart(w1)}  ${c}`);

    const results = path.join(ROOT, "bench", "results");
    mkdirSync(results, { recursive: true });
    const report = { when: new Date().toISOString(), cpus: os.cpus().length, loadavg: os.loadavg(), node: process.version, outputBytes, copy, small, full, check };
    writeFileSync(path.join(results, "zip-export.json"), JSON.stringify(report, null, 2) + "\n");
    console.log(`\nwrote bench/results/zip-export.json`);
    if (full.vmHwmMb > TARGET_MB) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const argv = process.argv.slice(2);
if (argv[0] === "--phase") {
  const [, phase = "", dir = "", out = "", people = "0"] = argv;
  await child(phase, dir, out, Number(people), phase === "export");
} else {
  await parent();
}
