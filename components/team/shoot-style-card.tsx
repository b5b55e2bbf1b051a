"use client";

// The shoot page's Style card: the settings everyone in the shoot gets, and **Edit style** while nobody has
// generated yet — the home page's and New shoot's style controls (StyleControls), prefilled, validated with
// shootStyleSchema and saved by PATCH /api/shoots/[id], which reads the body with the same schema. Once anyone
// has generated, the style is locked (the server refuses a change with 409, even from a form opened earlier)
// and the card says why.
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { Lock, Pencil, Save } from "lucide-react";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { useForm, type Resolver } from "react-hook-form";
import { StyleControls } from "@/components/generate/style-controls";
import type { GenerationFormApi } from "@/components/generate/use-generation-form";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { focusRing } from "@/components/ui/focus-ring";
import { Spinner } from "@/components/ui/spinner";
import { shootSeedField } from "./new-shoot-form";
import { toast } from "@/components/ui/toast";
import { ApiError, errorMessage } from "@/lib/client/api";
import { cn } from "@/lib/client/cn";
import { getQueryClient } from "@/lib/client/queries";
import { shootKeys, teamsApi } from "@/lib/client/teams-api";
import type { ShootDto } from "@/lib/teams/types";
import type { GenerationParamsInput } from "@/lib/validations/generation";
import { CROPS, shootStyleSchema, STYLE_KEYS, type ShootStyle } from "@/lib/validations/shoot";

export function ShootStyleCard({ shoot }: { shoot: ShootDto }) {
  const [editing, setEditing] = useState(false);
  // Someone generated while the form was open: the style locked under it (the poll brought styleLocked).
  const lockedWhileEditing = editing && shoot.styleLocked;
  const editButton = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  useEffect(() => {
    if (editing || !returnFocus.current) return;
    returnFocus.current = false;
    editButton.current?.focus();
  }, [editing]);
  const close = () => {
    returnFocus.current = true;
    setEditing(false);
  };

  return (
    <Card>
      <CardHeader className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2">
        <div className="min-w-0 space-y-1">
          <CardTitle>{editing && !shoot.styleLocked ? "Edit style" : "Style"}</CardTitle>
          <CardDescription>
            Everyone gets these settings, so the set looks alike.
            {shoot.styleLocked ? "" : " You can change them until the first headshots are made."}
          </CardDescription>
        </div>
        {shoot.styleLocked ? (
          <Badge tone="neutral">
            <Lock aria-hidden="true" className="size-3" />
            Style locked
          </Badge>
        ) : editing ? null : (
          <div className="flex items-center gap-3">
            <Badge tone="brand">Not used yet</Badge>
            <Button ref={editButton} variant="secondary" size="sm" onClick={() => setEditing(true)}>
              <Pencil aria-hidden="true" />
              Edit style
            </Button>
          </div>
        )}
      </CardHeader>
      <CardContent className="space-y-4">
        {lockedWhileEditing ? (
          <Alert
            tone="warn"
            title="Your style changes were not saved"
            action={
              <Button variant="secondary" size="sm" onClick={close}>
                OK
              </Button>
            }
          >
            Headshots were generated while you were editing, so the style is locked.
          </Alert>
        ) : null}
        {editing && !shoot.styleLocked ? <StyleEditor shoot={shoot} onClose={close} /> : <StyleSummary shoot={shoot} />}
      </CardContent>
    </Card>
  );
}

function StyleSummary({ shoot }: { shoot: ShootDto }) {
  const { style } = shoot;
  const crops = CROPS.filter((c) => shoot.crops.includes(c.id)).map((c) => c.label);
  return (
    <>
      <dl className="grid grid-cols-2 gap-x-6 gap-y-3 text-sm lg:grid-cols-4">
        <Item label="Prompt" wide>
          {style.prompt}
        </Item>
        <Item label="Negative prompt" wide>
          {style.negativePrompt || <span className="text-ink-faint">None</span>}
        </Item>
        <Item label="Size">
          {style.width} × {style.height}
        </Item>
        <Item label="Steps">{style.steps}</Item>
        <Item label="Guidance scale">{style.guidanceScale.toFixed(1)}</Item>
        <Item label="Seed">
          <span className="tabular-nums">{shoot.seed}</span>
        </Item>
        <Item label="Variants per person">{shoot.variants}</Item>
        <Item label="Regenerations per person">{shoot.regenerations}</Item>
        <Item label="Website crops">{crops.length > 0 ? crops.join(", ") : "Originals only"}</Item>
        <Item label="Generations used">
          {shoot.generationsUsed}
          {shoot.generationCap !== null ? ` of ${shoot.generationCap}` : ""}
        </Item>
      </dl>
      {shoot.styleLocked ? (
        <p className="flex items-start gap-2 text-sm text-ink-muted">
          <Lock aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
          <span>
            Style is locked because headshots have been generated —{" "}
            <Link href="/team/new" className={cn("rounded font-medium text-brand-700 underline underline-offset-2", focusRing)}>
              make a new shoot
            </Link>{" "}
            for a different look.
          </span>
        </p>
      ) : null}
    </>
  );
}

function Item({ label, wide, children }: { label: string; wide?: boolean; children: React.ReactNode }) {
  return (
    <div className={cn("min-w-0", wide && "col-span-2")}>
      <dt className="text-xs font-medium text-ink-muted">{label}</dt>
      <dd className="break-words text-ink">{children}</dd>
    </div>
  );
}

/** Edit style is inside the Style card already: the look and the image settings become its two columns. */
const Column = ({ children }: { children: React.ReactNode }) => <div className="min-w-0">{children}</div>;

const isStyleKey = (key: string): key is (typeof STYLE_KEYS)[number] => (STYLE_KEYS as readonly string[]).includes(key);

/** The form, mounted only while editing so it starts from the shoot as it is when Edit style is pressed. */
function StyleEditor({ shoot, onClose }: { shoot: ShootDto; onClose: () => void }) {
  const client = getQueryClient();
  const form = useForm<GenerationParamsInput, unknown, ShootStyle>({
    // The schema PATCH /api/shoots/[id] reads; the cast only widens its input type to the text the inputs hold.
    resolver: zodResolver(shootStyleSchema) as unknown as Resolver<GenerationParamsInput, unknown, ShootStyle>,
    defaultValues: { ...shoot.style, seed: String(shoot.seed), base64: false },
    mode: "onChange",
  });
  // The style controls are typed for the home page's form; they read and write only the style keys, which
  // this form has with the same input types (only the parsed output differs: the seed is required here).
  const styleForm = form as unknown as GenerationFormApi;
  const { setFocus } = form;
  useEffect(() => setFocus("prompt"), [setFocus]);

  const save = useMutation(
    {
      mutationFn: (style: ShootStyle) => teamsApi.updateShoot(shoot.id, style),
      onSuccess: (updated) => {
        client.setQueryData(shootKeys.detail(shoot.id), updated);
        toast.success("Style saved");
        onClose();
      },
      onError: (error) => {
        if (!(error instanceof ApiError)) return;
        // 409: headshots were made meanwhile. Fetching the shoot again shows the locked style and says why.
        if (error.status === 409) void client.invalidateQueries({ queryKey: shootKeys.detail(shoot.id) });
        let focused = false;
        for (const [key, message] of Object.entries(error.fields ?? {})) {
          if (!isStyleKey(key)) continue;
          form.setError(key, { type: "server", message }, { shouldFocus: !focused });
          focused = true;
        }
      },
    },
    client,
  );
  const busy = save.isPending;
  const formError = save.error && !(save.error instanceof ApiError && save.error.fields) ? errorMessage(save.error) : null;

  return (
    <form noValidate onSubmit={form.handleSubmit((style) => save.mutate(style))} aria-label="Edit style" className="space-y-6">
      <div className="grid gap-x-8 gap-y-6 lg:grid-cols-2">
        <StyleControls form={styleForm} disabled={busy} seed={shootSeedField(styleForm)} Section={Column} />
      </div>
      {formError ? <Alert title="Could not save the style">{formError}</Alert> : null}
      <div className="flex flex-col items-stretch gap-3 sm:flex-row sm:items-center">
        <Button type="submit" disabled={busy}>
          {busy ? <Spinner /> : <Save aria-hidden="true" />}
          Save style
        </Button>
        <Button type="button" variant="secondary" onClick={onClose} disabled={busy}>
          Cancel
        </Button>
        <p role="status" className="text-sm text-ink-muted sm:ml-1">
          {busy ? "Saving…" : "Applies to everyone's headshots in this shoot."}
        </p>
      </div>
    </form>
  );
}
