import { ApiError, apiErrorFromResponse, NETWORK_ERROR_MESSAGE } from "@/lib/client/api-error";
import type { QuotaStatusDto } from "@/lib/quotas/types";

async function call<T>(url: string, init: RequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { credentials: "same-origin", ...init, headers: { Accept: "application/json", ...init.headers } });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError(0, "network", NETWORK_ERROR_MESSAGE);
  }
  if (!res.ok) throw await apiErrorFromResponse(res);
  return (await res.json()) as T;
}

export function getQuota(signal?: AbortSignal): Promise<QuotaStatusDto> {
  return call<QuotaStatusDto>("/api/quota", { signal });
}

export function signIn(code: string): Promise<{ audience: "staff" }> {
  return call("/api/auth/sign-in", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ code }) });
}

export function signOut(): Promise<{ audience: "demo" }> {
  return call("/api/auth/sign-out", { method: "POST" });
}
