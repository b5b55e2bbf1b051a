import type { SimContext } from "../context";
import { errorBody, fetchBody } from "../responses";
import type { Reply } from "../types";
import type { ApiCall } from "./api-call";

export function fetchJob(ctx: SimContext, call: ApiCall, idText: string): Reply {
  const id = /^\d{1,15}$/.test(idText) ? Number(idText) : NaN;
  const job = Number.isSafeInteger(id) ? ctx.store.get(id) : undefined;
  // A job is only visible to the key that created it, as on a shared account server.
  if (!job || job.key !== call.key) {
    return { status: ctx.options.unknownIdStatus, body: errorBody("ID does not exist or is not queued", call.faults.messege) };
  }
  return { status: 200, body: fetchBody(job, call.faults.messege || job.faults.messege) };
}
