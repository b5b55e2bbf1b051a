"use client";

import { useMutation } from "@tanstack/react-query";
import { getQueryClient } from "@/lib/client/queries";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogTitle } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { Alert } from "@/components/ui/alert";
import { ApiError, errorMessage } from "@/lib/client/api";
import { teamsApi } from "@/lib/client/teams-api";
import { toast } from "@/components/ui/toast";
import type { ShootPersonDto } from "@/lib/teams/types";
import { SHOOT_LIMITS } from "@/lib/validations/shoot";

type Props = { shootId: string; person: ShootPersonDto; open: boolean; onOpenChange: (open: boolean) => void; onSaved: (person: ShootPersonDto) => void };

/** Name, job title and email of one person; the server checks them (updatePersonSchema) and its messages land on the fields. */
export function PersonDetailsDialog({ shootId, person, open, onOpenChange, onSaved }: Props) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        {/* Mounted while open only, so each opening starts from the person's current details. */}
        {open ? <DetailsForm shootId={shootId} person={person} onDone={() => onOpenChange(false)} onSaved={onSaved} /> : null}
      </DialogContent>
    </Dialog>
  );
}

function DetailsForm({ shootId, person, onDone, onSaved }: { shootId: string; person: ShootPersonDto; onDone: () => void; onSaved: (p: ShootPersonDto) => void }) {
  const [name, setName] = useState(person.name);
  const [title, setTitle] = useState(person.title ?? "");
  const [email, setEmail] = useState(person.email ?? "");
  const save = useMutation({
    mutationFn: () => teamsApi.updatePerson(shootId, person.id, { name, title, email }),
    onSuccess: (updated) => {
      onSaved(updated);
      toast.success(`Saved ${updated.name}`);
      onDone();
    },
  }, getQueryClient());
  const fields = save.error instanceof ApiError ? (save.error.fields ?? {}) : {};
  const general = save.error && Object.keys(fields).length === 0 ? errorMessage(save.error) : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4">
      <DialogTitle>Edit details</DialogTitle>
      <DialogDescription>Shown in the shoot and written to manifest.csv in the ZIP.</DialogDescription>
      <Field id="person-name" label="Name" error={fields.name}>
        {(control) => <Input {...control} value={name} onChange={(e) => setName(e.target.value)} maxLength={SHOOT_LIMITS.personNameMax} required autoComplete="off" />}
      </Field>
      <Field id="person-title" label="Job title" error={fields.title}>
        {(control) => <Input {...control} value={title} onChange={(e) => setTitle(e.target.value)} maxLength={SHOOT_LIMITS.titleMax} autoComplete="off" />}
      </Field>
      <Field id="person-email" label="Email" error={fields.email}>
        {(control) => <Input {...control} type="email" value={email} onChange={(e) => setEmail(e.target.value)} maxLength={SHOOT_LIMITS.emailMax} autoComplete="off" />}
      </Field>
      {general ? <Alert>{general}</Alert> : null}
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="secondary" disabled={save.isPending}>
            Cancel
          </Button>
        </DialogClose>
        <Button type="submit" disabled={save.isPending || !name.trim()}>
          {save.isPending ? <Spinner /> : null}
          Save
        </Button>
      </DialogFooter>
    </form>
  );
}
