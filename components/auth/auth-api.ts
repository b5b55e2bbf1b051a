import { apiRequest as call } from "@/lib/client/api";
import type { QuotaStatusDto } from "@/lib/generations/quota-policy";

export function getQuota(signal?: AbortSignal): Promise<QuotaStatusDto> {
  return call<QuotaStatusDto>("/api/quota", { signal });
}

export function signIn(code: string): Promise<{ audience: "staff" }> {
  return call("/api/auth/sign-in", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ code }) });
}

export function signOut(): Promise<{ audience: "demo" }> {
  return call("/api/auth/sign-out", { method: "POST" });
}
