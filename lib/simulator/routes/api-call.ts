import type { Faults } from "../faults";
import { errorBody } from "../responses";
import type { Reply } from "../types";

/** A parsed, authenticated API request. */
export type ApiCall = {
  body: Record<string, unknown>;
  key: string;
  faults: Faults;
  errorStyle: "200" | "4xx";
};

const STATUS_4XX = { auth: 401, validation: 400, credits: 402 } as const;

/** An error whose HTTP status follows the error style: always 200, or the enterprise OpenAPI's 4xx. */
export function styledError(style: "200" | "4xx", kind: keyof typeof STATUS_4XX, message: string, messege: boolean): Reply {
  return { status: style === "4xx" ? STATUS_4XX[kind] : 200, body: errorBody(message, messege) };
}

export function rateLimited(limit: number, messege: boolean): Reply {
  return {
    status: 429,
    body: errorBody(`Rate limit exceeded. Maximum ${limit} queued requests allowed.`, messege, { retry_after: 30 }),
    headers: { "retry-after": "30" },
  };
}
