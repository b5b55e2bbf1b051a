import type { SimContext } from "../context";
import { failJob } from "../job-runner";
import { CLEARED_MESSAGE } from "../responses";
import type { Reply } from "../types";

type AdminHandler = (ctx: SimContext) => Reply;

const ok = (body: Record<string, unknown>): Reply => ({ status: 200, body });

function systemDetails(ctx: SimContext): Reply {
  const pending = ctx.store.processing();
  const now = Date.now();
  const remainingMs = pending.reduce((sum, j) => sum + Math.max(0, j.createdAt + ctx.options.completeAfterMs - now), 0);
  return ok({ status: "ok", queue_time: Math.ceil(remainingMs / 1000), model_count: 1 });
}

function clearQueue(ctx: SimContext): Reply {
  for (const job of ctx.store.processing()) failJob(ctx, job, CLEARED_MESSAGE);
  return ok({ status: "success", message: "Queue cleared, server is restarting" });
}

/** Admin endpoints under /api/v1/enterprise/flux_headshot/, with the messages of the original docs pages. */
export const FLUX_ADMIN: Record<string, AdminHandler> = {
  system_details: systemDetails,
  restart_server: () => ok({ message: "server restarting", status: "success" }),
  update_server: () => ok({ message: "server updating", status: "success" }),
  clear_cache: () => ok({ status: "success", message: "Cache cleared successfully" }),
  clear_queue: clearQueue,
};

/** /api/v1/enterprise/update_s3 and reset_s3: accepted and ignored, since outputs stay on the simulator. */
export const GENERAL_ADMIN: Record<string, AdminHandler> = {
  update_s3: () => ok({ status: "success", message: "S3 details updated successfully" }),
  reset_s3: () => ok({ status: "success", message: "S3 details reset successfully" }),
};
