"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { getQueryClient } from "@/lib/client/queries";
import { Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useForm, type Resolver } from "react-hook-form";
import { STYLE_PRESETS } from "@/components/generate/style-presets";
import { FormSection, StyleControls } from "@/components/generate/style-controls";
import { FORM_DEFAULTS, type GenerationFormApi } from "@/components/generate/use-generation-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { focusRing } from "@/components/ui/focus-ring";
import { controlSkin, Input } from "@/components/ui/input";
import { NumberInput } from "@/components/ui/number-input";
import { Spinner } from "@/components/ui/spinner";
import { ApiError, errorMessage } from "@/lib/client/api";
import { cn } from "@/lib/client/cn";
import { shootKeys, teamsApi } from "@/lib/client/teams-api";
import { toast } from "@/components/ui/toast";
import type { GenerationParamsInput } from "@/lib/validations/generation";
import { CROPS, createShootSchema, SHOOT_DEFAULTS, SHOOT_LIMITS, type CreateShoot, type CropId } from "@/lib/validations/shoot";

/**
 * The form's values: the home page's (so its style controls work unchanged) plus the shoot's own. Numbers
 * arrive from inputs as text; createShootSchema reads them exactly as the server does.
 */
export type ShootFormValues = GenerationParamsInput & {
  name: string;
  variants: string;
  regenerations: string;
  crops: CropId[];
  dueDate: string;
  generationCap: string;
};
type ShootFormApi = ReturnType<typeof useForm<ShootFormValues, unknown, CreateShoot>>;

const SHOOT_FIELDS = ["name", "prompt", "negativePrompt", "width", "height", "steps", "guidanceScale", "seed", "variants", "regenerations", "crops", "dueDate", "generationCap"] as const;
type ShootField = (typeof SHOOT_FIELDS)[number];
const isShootField = (key: string): key is ShootField => (SHOOT_FIELDS as readonly string[]).includes(key);

/**
 * The seed box of a shoot's style (New shoot and the shoot page's Edit style): one seed for everyone, so Random
 * draws a new one into the box instead of leaving it empty.
 */
export const shootSeedField = (form: GenerationFormApi) => ({
  hint: "One seed for the whole shoot: everyone's first headshots use it (the second variant seed + 1, and so on), so the set looks alike. Regenerate draws a new one.",
  onRandom: () => form.setValue("seed", String(crypto.getRandomValues(new Uint32Array(1))[0] ?? 0), { shouldDirty: true, shouldValidate: true }),
  randomTitle: "Draw a new random seed",
});

/** Create a shoot: name, the home page's style controls, one seed for everyone, people and export settings. */
export function NewShootForm({ initialSeed }: { initialSeed: number }) {
  const router = useRouter();
  const client = getQueryClient();
  const form: ShootFormApi = useForm<ShootFormValues, unknown, CreateShoot>({
    // The same schema as POST /api/shoots; the cast only widens its input type to the text the inputs hold.
    resolver: zodResolver(createShootSchema) as unknown as Resolver<ShootFormValues, unknown, CreateShoot>,
    defaultValues: {
      ...FORM_DEFAULTS,
      prompt: STYLE_PRESETS[0]?.prompt ?? "",
      seed: String(initialSeed),
      name: "",
      variants: String(SHOOT_DEFAULTS.variants),
      regenerations: String(SHOOT_DEFAULTS.regenerations),
      crops: [...SHOOT_DEFAULTS.crops],
      dueDate: "",
      generationCap: "",
    },
    mode: "onChange",
  });
  // The style controls are the home page's, typed for its form. They read and write only the style keys,
  // which ShootFormValues has with the very same types (it extends GenerationParamsInput).
  const styleForm = form as unknown as GenerationFormApi;
  const { register, formState } = form;
  const errors = formState.errors;

  const create = useMutation({
    mutationFn: (input: CreateShoot) => teamsApi.createShoot(input),
    onSuccess: (shoot) => {
      client.setQueryData(shootKeys.detail(shoot.id), shoot);
      void client.invalidateQueries({ queryKey: shootKeys.list });
      toast.success(`Shoot “${shoot.name}” created`);
      router.push(`/team/${encodeURIComponent(shoot.id)}`);
    },
    onError: (error) => {
      if (!(error instanceof ApiError)) return;
      let focused = false;
      for (const [key, message] of Object.entries(error.fields ?? {})) {
        const field = key.split(".")[0] ?? "";
        if (!isShootField(field)) continue;
        form.setError(field, { type: "server", message }, { shouldFocus: !focused });
        focused = true;
      }
    },
  }, getQueryClient());
  const busy = create.isPending || create.isSuccess;
  const formError = create.error && !(create.error instanceof ApiError && create.error.fields) ? errorMessage(create.error) : null;

  return (
    <form noValidate onSubmit={form.handleSubmit((input) => create.mutate(input))} aria-label="New shoot" className="space-y-6">
      <FormSection title="1. The shoot">
        <div className="space-y-5">
          <Field id="name" label="Shoot name" hint="For your team only, e.g. “Sales team, spring 2025”." error={errors.name?.message}>
            {(control) => <Input {...control} {...register("name")} maxLength={SHOOT_LIMITS.nameMax} autoComplete="off" disabled={busy} />}
          </Field>
          <div className="grid gap-5 sm:grid-cols-2">
            <Field
              id="dueDate"
              label="Due date"
              hint="Optional. The invite link stops taking new people after this day."
              error={errors.dueDate?.message}
            >
              {(control) => <Input {...control} {...register("dueDate")} type="date" disabled={busy} />}
            </Field>
            <Field
              id="generationCap"
              label="Generation cap"
              hint="Optional. The most generations this shoot may use in all."
              error={errors.generationCap?.message}
            >
              {(control) => (
                <NumberInput
                  {...control}
                  {...register("generationCap")}
                  inputMode="numeric"
                  min={1}
                  max={SHOOT_LIMITS.generationCapMax}
                  step={1}
                  placeholder="No cap"
                  disabled={busy}
                />
              )}
            </Field>
          </div>
        </div>
      </FormSection>

      <StyleControls form={styleForm} disabled={busy} seed={shootSeedField(styleForm)} />

      <FormSection title="4. People and export">
        <div className="space-y-5">
          <div className="grid gap-5 sm:grid-cols-2">
            <Field id="variants" label="Variants per person" hint="Headshots made for each person at first (1–4)." error={errors.variants?.message}>
              {(control) => (
                <Select {...control} {...register("variants")} disabled={busy}>
                  {range(SHOOT_LIMITS.variantsMin, SHOOT_LIMITS.variantsMax).map((n) => (
                    <option key={n} value={String(n)}>
                      {n}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
            <Field
              id="regenerations"
              label="Regenerations per person"
              hint="How often each person may ask for a new set (0–5)."
              error={errors.regenerations?.message}
            >
              {(control) => (
                <Select {...control} {...register("regenerations")} disabled={busy}>
                  {range(0, SHOOT_LIMITS.regenerationsMax).map((n) => (
                    <option key={n} value={String(n)}>
                      {n}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
          </div>
          <fieldset className="space-y-2" aria-describedby={errors.crops ? "crops-error" : "crops-hint"}>
            <legend className="text-sm font-medium text-ink">Website crops</legend>
            <p id="crops-hint" className="text-xs text-ink-faint">
              Cut from each chosen headshot, centred on the face, into their own folders of the ZIP.
            </p>
            <div className="grid gap-2 sm:grid-cols-3">
              {CROPS.map((crop) => (
                <div key={crop.id} className="flex items-start gap-2.5 rounded-lg border border-surface-border bg-white p-3">
                  <input
                    id={`crop-${crop.id}`}
                    type="checkbox"
                    value={crop.id}
                    {...register("crops")}
                    disabled={busy}
                    aria-describedby={`crop-${crop.id}-size`}
                    className={cn("mt-0.5 size-4 shrink-0 rounded accent-brand-600", focusRing)}
                  />
                  <div className="min-w-0">
                    <label htmlFor={`crop-${crop.id}`} className="text-sm font-medium text-ink">
                      {crop.label}
                    </label>
                    <p id={`crop-${crop.id}-size`} className="text-xs text-ink-muted">
                      {crop.width}×{crop.height}
                      {crop.round ? ", round with transparent corners" : ""}
                    </p>
                  </div>
                </div>
              ))}
            </div>
            {errors.crops?.message ? (
              <p id="crops-error" className="text-xs font-medium text-danger-600">
                {errors.crops.message}
              </p>
            ) : null}
          </fieldset>
        </div>
      </FormSection>

      {formError ? <Alert title="Could not create the shoot">{formError}</Alert> : null}
      <div className="flex flex-col items-stretch gap-3 sm:flex-row sm:items-center">
        <Button type="submit" size="lg" disabled={busy}>
          {busy ? <Spinner /> : <Plus aria-hidden="true" />}
          Create shoot
        </Button>
        <p role="status" className="text-sm text-ink-muted">
          {busy ? "Creating the shoot…" : ""}
        </p>
      </div>
    </form>
  );
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

function Select({ className, ...props }: React.ComponentProps<"select">) {
  return <select className={cn(controlSkin, "h-10 w-full", className)} {...props} />;
}
