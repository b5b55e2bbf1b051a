"use client";

import { useRouter } from "next/navigation";
import { startTransition, useActionState, useState, type FormEvent } from "react";
import { toast } from "@/components/ui/toast";
import { signInAction } from "@/app/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { ApiError, callAction, errorMessage } from "@/lib/client/api";
import { refreshQuota } from "@/lib/client/queries";

/** `next`: a path on this site to open once signed in (the page checked it). */
export function SignInForm({ next = "/" }: { next?: string }) {
  const [code, setCode] = useState("");
  const router = useRouter();
  // The state is the last refusal (null once signed in or before trying).
  const [error, signIn, pending] = useActionState(async (_previous: ApiError | null, attempt: string) => {
    try {
      await callAction(() => signInAction(attempt));
    } catch (refusal) {
      return refusal instanceof ApiError ? refusal : new ApiError(0, "unknown", errorMessage(refusal));
    }
    toast.success("Signed in — team allowance is active");
    void refreshQuota();
    router.push(next);
    return null;
  }, null);
  const fieldError = error && error.status !== 429 ? (error.fields?.code ?? errorMessage(error)) : undefined;

  // Submitted by hand rather than through `action`, so a refused code stays in the box to correct.
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (code.trim()) startTransition(() => signIn(code));
  };

  return (
    <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
      {error?.status === 429 ? <Alert title="Too many attempts">{error.message}</Alert> : null}
      <Field id="code" label="Team access code" error={fieldError}>
        {(control) => (
          <Input {...control} type="password" autoComplete="current-password" value={code} onChange={(e) => setCode(e.target.value)} required />
        )}
      </Field>
      <Button type="submit" disabled={pending || !code.trim()}>
        {pending ? <Spinner /> : null}
        Sign in
      </Button>
    </form>
  );
}
