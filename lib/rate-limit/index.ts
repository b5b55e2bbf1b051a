import "server-only";

export { clientIp, rateLimit, resetRateLimitsForTests } from "./limit";
export { RATE_LIMIT_GROUPS, type RateLimitGroup } from "./policy";
