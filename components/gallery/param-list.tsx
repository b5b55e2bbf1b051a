import type { ReactNode } from "react";
import type { GenerationDto } from "@/lib/client/types";
import { formatSeconds, formatSize, generationSeconds } from "./format";
import { STATUS_LABELS } from "./status-badge";

function Row({ term, children, wide }: { term: string; children: ReactNode; wide?: boolean }) {
  return (
    <div className={wide ? "col-span-2" : undefined}>
      <dt className="text-xs font-medium text-ink-faint">{term}</dt>
      <dd className="mt-0.5 text-sm break-words whitespace-pre-wrap text-ink">{children}</dd>
    </div>
  );
}

const time = (iso: string) => <time dateTime={iso}>{new Date(iso).toLocaleString()}</time>;

/** Every parameter the job used, so nothing has to be guessed when reproducing it. */
export function ParamList({ generation }: { generation: GenerationDto }) {
  const { params: p, status, createdAt, completedAt } = generation;
  return (
    <dl className="grid grid-cols-2 gap-x-4 gap-y-3">
      <Row term="Prompt" wide>{p.prompt}</Row>
      <Row term="Negative prompt" wide>{p.negativePrompt || "—"}</Row>
      <Row term="Width">{p.width} px</Row>
      <Row term="Height">{p.height} px</Row>
      <Row term="Steps">{p.steps}</Row>
      <Row term="Guidance scale">{p.guidanceScale}</Row>
      <Row term="Seed">
        <span className="tabular-nums">{p.seed}</span>
      </Row>
      <Row term="Base64">{p.base64 ? "Yes" : "No"}</Row>
      <Row term="Status">{STATUS_LABELS[status]}</Row>
      <Row term="Size">{formatSize(p.width, p.height)}</Row>
      <Row term="Created">{time(createdAt)}</Row>
      <Row term="Generation time">{formatSeconds(generationSeconds(generation))}</Row>
      {completedAt ? <Row term="Finished">{time(completedAt)}</Row> : null}
    </dl>
  );
}
