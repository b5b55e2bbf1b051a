import { ApiError, apiErrorFromResponse, NETWORK_ERROR_MESSAGE } from "@/lib/client/api-error";

export type DeletedDto = { deleted: { generations: number; faces: number; files: number } };

/** DELETE /api/me: every face photo, generation and output of this browser's owner. */
export async function deleteMyData(): Promise<DeletedDto> {
  let res: Response;
  try {
    res = await fetch("/api/me", { method: "DELETE", credentials: "same-origin", headers: { Accept: "application/json" } });
  } catch {
    throw new ApiError(0, "network", NETWORK_ERROR_MESSAGE);
  }
  if (!res.ok) throw await apiErrorFromResponse(res);
  return (await res.json()) as DeletedDto;
}
