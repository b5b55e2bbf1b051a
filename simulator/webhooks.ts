// Webhooks: one best-effort POST when a job ends, to allow-listed loopback hosts only, with knobs to drop,
// delay or duplicate it so the app's handling of each can be tested.
import type { Job } from "./jobs";
import { isLoopbackHost } from "./options";
import { webhookBody } from "./protocol";
import type { SimContext } from "./server";

const WEBHOOK_TIMEOUT_MS = 30_000;

function allowedTarget(ctx: SimContext, raw: string): URL | null {
  if (!URL.canParse(raw)) return null;
  const url = new URL(raw);
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  // Loopback is required on top of the allow-list: the simulator never calls out of the machine.
  return isLoopbackHost(host) && ctx.options.allowWebhookHosts.map((h) => h.toLowerCase()).includes(host) ? url : null;
}

async function post(ctx: SimContext, url: URL, body: string): Promise<void> {
  ctx.stats.webhooksSent++;
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "ModelsLab-Simulator/1.0" },
      body,
      redirect: "manual",
      signal: AbortSignal.any([ctx.shutdown.signal, AbortSignal.timeout(WEBHOOK_TIMEOUT_MS)]),
    });
    await res.arrayBuffer();
  } catch {
    // Best effort, like the real service: one attempt, no retry.
  }
}

/** Tells the job's webhook (if any, and if allow-listed) that it ended. Honours the drop/delay/duplicate knobs. */
export function sendWebhook(ctx: SimContext, job: Job): void {
  if (!job.webhook) return;
  const url = allowedTarget(ctx, job.webhook);
  const { drop, delayMs, duplicate } = ctx.options.webhook;
  if (!url || drop) return;
  const body = JSON.stringify(webhookBody(job));
  const fire = () => {
    void post(ctx, url, body);
    if (duplicate) void post(ctx, url, body);
  };
  if (delayMs > 0) ctx.later(delayMs, fire);
  else fire();
}
