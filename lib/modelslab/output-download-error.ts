import "server-only";
export type OutputDownloadProblem =
  | "http_status"
  | "html"
  | "too_large"
  | "not_image"
  | "bad_url"
  | "refused_url"
  | "timeout"
  | "network";

/** Thrown by downloadOutput. `expired` marks 404/410: the upstream has already deleted the file. */
export class OutputDownloadError extends Error {
  readonly status: number | null;
  readonly expired: boolean;
  readonly problem: OutputDownloadProblem;

  constructor(
    problem: OutputDownloadProblem,
    message: string,
    status: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "OutputDownloadError";
    this.problem = problem;
    this.status = status;
    this.expired = status === 404 || status === 410;
  }
}
