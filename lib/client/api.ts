import type { CreateGenerationInput, GenerationStatus } from "@/lib/validations/generation";
import { ApiError, apiErrorFromResponse, NETWORK_ERROR_MESSAGE } from "./api-error";
import type { FaceDto, GenerationDto, GenerationListDto } from "./types";

export { ApiError, errorMessage, NETWORK_ERROR_MESSAGE } from "./api-error";

/** fetch for our own JSON API: typed errors with messages a person can read, cancellation passed through. */
export async function apiRequest<T>(url: string, init: RequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { credentials: "same-origin", ...init, headers: { Accept: "application/json", ...init.headers } });
  } catch (error) {
    // Cancellation (react-query, unmount) is not a failure to report.
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError(0, "network", NETWORK_ERROR_MESSAGE);
  }
  if (!res.ok) throw await apiErrorFromResponse(res);
  if (res.status === 204) return undefined as T;
  try {
    return (await res.json()) as T;
  } catch {
    throw new ApiError(res.status, "unknown", "The server sent an unexpected answer. Please try again.");
  }
}

export function uploadFace(file: File, signal?: AbortSignal): Promise<FaceDto> {
  const body = new FormData();
  body.append("file", file, file.name);
  return apiRequest<FaceDto>("/api/faces", { method: "POST", body, signal });
}

/** Same key → same generation: the server answers 200 with the job it already made. */
export function createGeneration(input: CreateGenerationInput, idempotencyKey: string): Promise<GenerationDto> {
  return apiRequest<GenerationDto>("/api/generations", {
    method: "POST",
    headers: { "Content-Type": "application/json", "Idempotency-Key": idempotencyKey },
    body: JSON.stringify(input),
  });
}

export function getGeneration(id: string, signal?: AbortSignal): Promise<GenerationDto> {
  return apiRequest<GenerationDto>(`/api/generations/${encodeURIComponent(id)}`, { signal });
}

export type GenerationListFilters = { status?: GenerationStatus; q?: string; limit?: number };

export function listGenerations(filters: GenerationListFilters & { cursor?: string | null }, signal?: AbortSignal): Promise<GenerationListDto> {
  const qs = new URLSearchParams();
  if (filters.cursor) qs.set("cursor", filters.cursor);
  if (filters.status) qs.set("status", filters.status);
  if (filters.q?.trim()) qs.set("q", filters.q.trim());
  if (filters.limit) qs.set("limit", String(filters.limit));
  const query = qs.toString();
  return apiRequest<GenerationListDto>(`/api/generations${query ? `?${query}` : ""}`, { signal });
}

export function deleteGeneration(id: string): Promise<void> {
  return apiRequest<void>(`/api/generations/${encodeURIComponent(id)}`, { method: "DELETE" });
}
