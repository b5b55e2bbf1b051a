"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { getQueryClient } from "@/lib/client/queries";
import { Sparkles } from "lucide-react";
import { useState } from "react";
import { useForm, type Resolver } from "react-hook-form";
import { FacePhotoInput } from "@/components/upload/face-photo-input";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { ApiError, errorMessage } from "@/lib/client/api";
import { checkBlocksGenerate, checkPayload, settleCheck } from "@/lib/client/face-check-state";
import type { PreparedFace } from "@/lib/client/prepare-face";
import { joinApi } from "@/lib/client/teams-api";
import { joinShootSchema, SHOOT_LIMITS, type JoinShoot } from "@/lib/validations/shoot";

type Values = { name: string; title: string; email: string };
const FIELDS = ["name", "title", "email"] as const;
const isField = (key: string): key is (typeof FIELDS)[number] => (FIELDS as readonly string[]).includes(key);

/** Your name, job title, email and face photo → POST /api/join/[token]; the answer sets this browser's person cookie. */
export function JoinForm({ token, onJoined }: { token: string; onJoined: () => void }) {
  const form = useForm<Values, unknown, JoinShoot>({
    // The server's schema; the cast only narrows its input type to the text the inputs hold.
    resolver: zodResolver(joinShootSchema) as unknown as Resolver<Values, unknown, JoinShoot>,
    defaultValues: { name: "", title: "", email: "" },
    mode: "onTouched",
  });
  const [face, setFace] = useState<PreparedFace | null>(null);
  const [faceError, setFaceError] = useState<string | undefined>();
  const join = useMutation({
    mutationFn: ({ details, photo }: { details: JoinShoot; photo: PreparedFace }) => joinApi.join(token, details, photo.file, checkPayload(photo.check)),
    onSuccess: () => onJoined(),
    onError: (error) => {
      if (!(error instanceof ApiError)) return;
      for (const [key, message] of Object.entries(error.fields ?? {})) {
        if (isField(key)) form.setError(key, { type: "server", message }, { shouldFocus: true });
        else if (key === "file") setFaceError(message);
      }
      if (error.status === 413 || error.status === 415 || (error.code === "validation" && !error.fields)) setFaceError(error.message);
    },
  }, getQueryClient());
  // isSubmitting: the submit is waiting for the photo's check (settleCheck below); a second press does nothing.
  const settling = form.formState.isSubmitting && !join.isPending;
  const busy = join.isPending || settling;
  // No face or several faces found: the button waits for "Use this photo anyway" (the checklist under the photo).
  const waitsForPhoto = checkBlocksGenerate(face?.check);
  const fields = join.error instanceof ApiError ? (join.error.fields ?? {}) : {};
  const shownElsewhere = Object.keys(fields).some((k) => isField(k) || k === "file");
  const formError = join.error && !shownElsewhere ? errorMessage(join.error) : null;
  const { errors } = form.formState;

  const submit = form.handleSubmit(async (details) => {
    if (!face) {
      setFaceError("Add a face photo first.");
      return;
    }
    setFaceError(undefined);
    // Pressed while the photo is still being checked: wait for its verdict (settleCheck).
    const photo = await settleCheck(face);
    if (checkBlocksGenerate(photo.check)) return;
    join.mutate({ details, photo });
  });

  return (
    <form noValidate onSubmit={submit} aria-label="Join the shoot" className="space-y-5">
      <Field id="join-name" label="Your name" hint="As it should appear on the website." error={errors.name?.message}>
        {(control) => <Input {...control} {...form.register("name")} autoComplete="name" maxLength={SHOOT_LIMITS.personNameMax} required disabled={busy} />}
      </Field>
      <div className="grid gap-5 sm:grid-cols-2">
        <Field id="join-title" label="Job title" hint="Optional." error={errors.title?.message}>
          {(control) => <Input {...control} {...form.register("title")} autoComplete="organization-title" maxLength={SHOOT_LIMITS.titleMax} disabled={busy} />}
        </Field>
        <Field id="join-email" label="Email" hint="Optional." error={errors.email?.message}>
          {(control) => (
            <Input {...control} {...form.register("email")} type="email" inputMode="email" autoComplete="email" maxLength={SHOOT_LIMITS.emailMax} disabled={busy} />
          )}
        </Field>
      </div>
      <FacePhotoInput
        value={face}
        onChange={(next) => {
          setFace(next);
          if (next) setFaceError(undefined);
        }}
        disabled={busy}
        error={faceError}
      />
      {formError ? <Alert title="Could not add your photo">{formError}</Alert> : null}
      <div className="flex flex-col items-stretch gap-2 sm:flex-row sm:items-center">
        <Button type="submit" size="lg" disabled={busy || waitsForPhoto} aria-describedby={busy || waitsForPhoto ? "join-submit-phase" : undefined}>
          {busy ? <Spinner /> : <Sparkles aria-hidden="true" />}
          Create my headshots
        </Button>
        <p id="join-submit-phase" role="status" className="text-sm text-ink-muted">
          {settling ? "Checking the photo…" : busy ? "Uploading your photo…" : waitsForPhoto ? "Check the photo above first." : ""}
        </p>
      </div>
    </form>
  );
}
