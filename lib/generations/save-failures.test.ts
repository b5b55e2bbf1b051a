// @vitest-environment node
// Failure classification when a finished job's outputs cannot be kept (issue 12, point 1): nothing says "not
// found" or "expired" unless the upstream said so (a 404/410 for the file), a refused address is a configuration
// problem that ends the job at once, and passing troubles keep the job open only when it can be asked again.
import { afterEach, describe, expect, it, vi } from "vitest";
import { getGeneration, updateGeneration } from "@/lib/db/queries/generations";
import { AppError } from "@/lib/errors";
import { OutputDownloadError } from "@/lib/modelslab/failures";
import type { UpstreamDone } from "@/lib/modelslab/types";
import { addFace, createHarness, params, type Harness } from "@/test/harness";
import { createGeneration } from "./create";
import { applyUpstreamResult } from "./lifecycle";
import type { GenerationDeps } from "./runtime";

let h: Harness | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await h?.close();
  h = undefined;
});

const done: UpstreamDone = { kind: "done", upstreamId: null, outputs: [{ url: "https://cdn.example.com/temp/x-0.png", encoding: "binary" }], seed: null, generationTimeSeconds: null };

/** An open job whose download (or save) fails with `error`; `withUpstreamId: false` is a sync answer with no id. */
async function failingSave(error: unknown, withUpstreamId: boolean) {
  h = await createHarness({ sim: { mode: "queued", completeAfterMs: 60_000 } });
  const face = await addFace(h.deps, "o_save");
  const { generation } = await createGeneration(h.deps, { ownerId: "o_save", input: params(face.id), idempotencyKey: null });
  if (!withUpstreamId) await updateGeneration(h.deps.db, generation.id, { upstreamId: null });
  vi.spyOn(console, "warn").mockImplementation(() => undefined);
  vi.spyOn(console, "error").mockImplementation(() => undefined);
  const deps: GenerationDeps = {
    ...h.deps,
    upstream: {
      ...h.deps.upstream,
      downloadOutput: async () => {
        throw error;
      },
    },
  };
  await applyUpstreamResult(deps, generation.id, done, "webhook");
  return (await getGeneration(h.deps.db, generation.id))!;
}

/**
 * The same error from another copy of lib/modelslab/failures.ts: in the built app the production client is made by
 * instrumentation-node.ts's bundle, so a route's `instanceof OutputDownloadError` does not recognise its errors.
 */
class OtherBundlesOutputDownloadError extends Error {
  readonly problem = "refused_url";
  readonly status = null;
  readonly expired = false;
  readonly host = "10.0.0.5:9000";
  readonly origin = "http://10.0.0.5:9000";
  constructor() {
    super("The output URL is not allowed.");
    this.name = "OutputDownloadError";
  }
}

const refused = new OutputDownloadError("refused_url", "The output URL is not allowed.", null, { url: new URL("http://10.0.0.5:9000/temp/x-0.png?sig=abc") });

describe("a failed output save says what happened", () => {
  it.each<[string, unknown, boolean, { status: string; failureReason: string | null; failureMessage: RegExp | null }]>([
    ["a refused address, with an upstream id: failed at once (a configuration problem)", refused, true, { status: "failed", failureReason: "output_refused", failureMessage: /^The image service returned the result at an address this server may not download from\.$/ }],
    ["a refused address from another bundle's copy of the error class (the built app)", new OtherBundlesOutputDownloadError(), true, { status: "failed", failureReason: "output_refused", failureMessage: /may not download from/ }],
    ["a refused address, without an upstream id", refused, false, { status: "failed", failureReason: "output_refused", failureMessage: /may not download from/ }],
    ["404 from the file's host: expired (the upstream said the file is gone)", new OutputDownloadError("http_status", "x", 404), true, { status: "failed", failureReason: "expired", failureMessage: /expired/ }],
    ["410 from the file's host: expired", new OutputDownloadError("http_status", "x", 410), false, { status: "failed", failureReason: "expired", failureMessage: /expired/ }],
    ["too large: failed, not retried", new OutputDownloadError("too_large", "x"), true, { status: "failed", failureReason: "output_too_large", failureMessage: /larger than this server accepts/ }],
    ["an HTML page instead of the image: failed, not retried", new OutputDownloadError("html", "x", 200), true, { status: "failed", failureReason: "output_invalid", failureMessage: /not an image/ }],
    ["bytes that are not an image (inspectOutput)", new AppError("validation", "not an image"), true, { status: "failed", failureReason: "output_invalid", failureMessage: /not an image/ }],
    ["HTTP 500 with an upstream id: stays open, asked again", new OutputDownloadError("http_status", "x", 500), true, { status: "processing", failureReason: null, failureMessage: null }],
    ["HTTP 403 without an upstream id: failed, saying it could not be downloaded (not 'expired')", new OutputDownloadError("http_status", "x", 403), false, { status: "failed", failureReason: "output_unavailable", failureMessage: /could not be downloaded .*HTTP 403/ }],
    ["a network error with an upstream id: stays open", new OutputDownloadError("network", "x"), true, { status: "processing", failureReason: null, failureMessage: null }],
    ["a timeout without an upstream id: failed, saying it could not be downloaded (not 'expired')", new OutputDownloadError("timeout", "x"), false, { status: "failed", failureReason: "output_unavailable", failureMessage: /could not be downloaded/ }],
    ["disk full without an upstream id: failed, saying it could not be saved (not 'expired')", new AppError("internal", "disk full"), false, { status: "failed", failureReason: "save_failed", failureMessage: /could not be saved/ }],
  ])("%s", async (_name, error, withUpstreamId, expected) => {
    const gen = await failingSave(error, withUpstreamId);
    expect(gen.status).toBe(expected.status);
    expect(gen.failureReason).toBe(expected.failureReason);
    if (expected.failureMessage) expect(gen.failureMessage).toMatch(expected.failureMessage);
    else expect(gen.failureMessage).toBeNull();
    if (gen.failureReason !== "expired") expect(gen.failureMessage ?? "").not.toMatch(/expired|not found/i);
  });

  it("a refused address is logged once, at error level, with the host and the setting, never the path or query", async () => {
    await failingSave(refused, true);
    const errors = vi.mocked(console.error).mock.calls.map((c) => String(c[0]));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('"host":"10.0.0.5:9000"');
    expect(errors[0]).toContain("add http://10.0.0.5:9000 to MODELSLAB_OUTPUT_ORIGINS");
    expect(errors[0]).not.toMatch(/sig=abc|temp\/x-0/);
    expect(vi.mocked(console.warn).mock.calls.map((c) => String(c[0])).filter((l) => l.includes("output_save_failed"))).toEqual([]);
  });
});
