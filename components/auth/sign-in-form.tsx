"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { toast } from "@/lib/client/toast";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { ApiError, errorMessage } from "@/lib/client/api-error";
import { signIn } from "./auth-api";
import { quotaKey } from "./use-quota";

/** `next`: a path on this site to open once signed in (the page checked it). */
export function SignInForm({ next = "/" }: { next?: string }) {
  const [code, setCode] = useState("");
  const router = useRouter();
  const client = useQueryClient();
  const mutation = useMutation({
    mutationFn: signIn,
    onSuccess: () => {
      toast.success("Signed in — team allowance is active");
      // A first quota request still on its way was sent without the new cookie, and invalidating alone would
      // wait for its (stale) answer: cancel it, then ask again.
      void client.cancelQueries({ queryKey: quotaKey }).then(() => client.invalidateQueries({ queryKey: quotaKey }));
      router.push(next);
    },
  });
  const error = mutation.error;
  const fieldError = error instanceof ApiError && error.status !== 429 ? (error.fields?.code ?? errorMessage(error)) : undefined;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (code.trim()) mutation.mutate(code);
  };

  return (
    <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
      {error instanceof ApiError && error.status === 429 ? <Alert title="Too many attempts">{error.message}</Alert> : null}
      <Field id="code" label="Team access code" error={fieldError}>
        {(control) => (
          <Input {...control} type="password" autoComplete="current-password" value={code} onChange={(e) => setCode(e.target.value)} required />
        )}
      </Field>
      <Button type="submit" disabled={mutation.isPending || !code.trim()}>
        {mutation.isPending ? <Spinner /> : null}
        Sign in
      </Button>
    </form>
  );
}
