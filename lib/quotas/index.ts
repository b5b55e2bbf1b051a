import "server-only";

export { consumeQuota, refundQuota, type ConsumeArgs } from "./consume";
export { quotaStatus } from "./status";
export { AUDIENCES, type Audience, type QuotaPolicy } from "./policy";
export type { QuotaStatusDto } from "./types";
