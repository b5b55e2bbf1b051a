// Browser calls of the team-shoot API (staff: /api/shoots/**; a colleague: /api/join/[token]/**). Errors are
// ApiError with a message a person can read (see ./api).
import type { FaceCheckResult } from "@/lib/images/face-check";
import type { JoinMeDto, ShootDto, ShootPersonDto, ShootSummaryDto } from "@/lib/teams/types";
import type { CreateShootInput, UpdateShootInput } from "@/lib/validations/shoot";
import { ApiError, apiErrorFromResponse, apiRequest, NETWORK_ERROR_MESSAGE } from "./api";

export const shootKeys = {
  all: ["shoots"] as const,
  list: ["shoots", "list"] as const,
  detail: (id: string) => ["shoots", "detail", id] as const,
  me: (token: string) => ["join", token, "me"] as const,
};

const shootUrl = (id: string) => `/api/shoots/${encodeURIComponent(id)}`;
const personUrl = (id: string, personId: string) => `${shootUrl(id)}/people/${encodeURIComponent(personId)}`;
const joinUrl = (token: string) => `/api/join/${encodeURIComponent(token)}`;
const jsonInit = (method: string, body: unknown): RequestInit => ({ method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

export type PersonPatch = { name?: string; title?: string | null; email?: string | null; approved?: boolean; favouriteOutputId?: string | null };

export const teamsApi = {
  listShoots: (signal?: AbortSignal) => apiRequest<{ shoots: ShootSummaryDto[] }>("/api/shoots", { signal }),
  createShoot: (input: CreateShootInput) => apiRequest<ShootDto>("/api/shoots", jsonInit("POST", input)),
  getShoot: (id: string, signal?: AbortSignal) => apiRequest<ShootDto>(shootUrl(id), { signal }),
  /** Settings; a change of style answers 409 once anyone has generated (ApiError with the server's message). */
  updateShoot: (id: string, patch: UpdateShootInput) => apiRequest<ShootDto>(shootUrl(id), jsonInit("PATCH", patch)),
  deleteShoot: (id: string) => apiRequest<void>(shootUrl(id), { method: "DELETE" }),
  newInvite: (id: string) => apiRequest<{ invite: { token: string; path: string } }>(`${shootUrl(id)}/invite`, { method: "POST" }),
  revokeInvite: (id: string) => apiRequest<void>(`${shootUrl(id)}/invite`, { method: "DELETE" }),
  updatePerson: (id: string, personId: string, patch: PersonPatch) => apiRequest<ShootPersonDto>(personUrl(id, personId), jsonInit("PATCH", patch)),
  removePerson: (id: string, personId: string) => apiRequest<void>(personUrl(id, personId), { method: "DELETE" }),
  regenerate: (id: string, personId: string) => apiRequest<ShootPersonDto>(`${personUrl(id, personId)}/regenerate`, { method: "POST" }),
  replacePhoto: (id: string, personId: string, file: File) => {
    const body = new FormData();
    body.append("file", file, file.name);
    return apiRequest<ShootPersonDto>(`${personUrl(id, personId)}/photo`, { method: "POST", body });
  },
  exportUrl: (id: string) => `${shootUrl(id)}/export.zip`,
};

export type JoinDetails = { name: string; title?: string | null; email?: string | null };

export const joinApi = {
  /** `check`: the on-device face check's findings, stored with the photo for the team's table (display only). */
  join: (token: string, details: JoinDetails, file: File, check?: FaceCheckResult | null) => {
    const body = new FormData();
    body.append("name", details.name);
    if (details.title) body.append("title", details.title);
    if (details.email) body.append("email", details.email);
    if (check) body.append("check", JSON.stringify(check));
    body.append("file", file, file.name);
    return apiRequest<{ person: ShootPersonDto }>(joinUrl(token), { method: "POST", body });
  },
  me: (token: string, signal?: AbortSignal) => apiRequest<JoinMeDto>(`${joinUrl(token)}/me`, { signal }),
  favourite: (token: string, outputId: string) => apiRequest<JoinMeDto>(`${joinUrl(token)}/me/favourite`, jsonInit("POST", { outputId })),
  tryAgain: (token: string) => apiRequest<JoinMeDto>(`${joinUrl(token)}/me/regenerate`, { method: "POST" }),
  deleteMe: (token: string) => apiRequest<void>(`${joinUrl(token)}/me`, { method: "DELETE" }),
};

/**
 * POST of one staff photo (multipart `file` + `name`) with upload progress, which fetch cannot report.
 * Resolves with the new person; rejects with the same ApiError apiRequest would give.
 */
export function uploadPersonPhoto(
  shootId: string,
  file: File,
  name: string,
  opts: { onProgress?: (fraction: number) => void; signal?: AbortSignal } = {},
): Promise<ShootPersonDto> {
  const body = new FormData();
  if (name) body.append("name", name);
  body.append("file", file, file.name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `${shootUrl(shootId)}/people`);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.responseType = "text";
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) opts.onProgress?.(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new ApiError(0, "network", NETWORK_ERROR_MESSAGE));
    xhr.onabort = () => reject(new DOMException("Aborted", "AbortError"));
    xhr.onload = () => {
      const headers = new Headers();
      const retry = xhr.getResponseHeader("retry-after");
      if (retry) headers.set("retry-after", retry);
      const response = new Response(xhr.status === 204 ? null : xhr.responseText, { status: xhr.status, headers });
      if (xhr.status >= 200 && xhr.status < 300) {
        response.json().then(
          (dto) => resolve(dto as ShootPersonDto),
          () => reject(new ApiError(xhr.status, "unknown", "The server sent an unexpected answer. Please try again.")),
        );
      } else {
        void apiErrorFromResponse(response).then(reject);
      }
    };
    opts.signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(body);
  });
}
