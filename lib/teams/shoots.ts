import "server-only";
import type { Photo } from "@/lib/images/upload-gate";
import { randomBytes } from "node:crypto";
import { countWaitingAhead, getGeneration } from "@/lib/db/queries/generations";
import { faceChecks, getFace } from "@/lib/db/queries/faces";
import { listOutputsForGenerations } from "@/lib/db/queries/outputs";
import {
  countPeople,
  deletePersonRow,
  deleteShootRow,
  getPerson,
  getPersonInShoot,
  getPersonOutput,
  getShootByInviteToken,
  getShootRow,
  giveBackRegeneration,
  insertPersonIfRoom,
  insertShoot,
  listAllPeople,
  listPeople,
  listPersonGenerations,
  listShootGenerations,
  listShootOutputs,
  listShootRows,
  personGenerationCounts,
  takeRegeneration,
  updatePerson,
  updateShootRow,
  updateShootStyleIfUnused,
  type ShootPatch,
} from "@/lib/db/queries/shoots";
import type { GenerationRow, OutputRow, ShootPersonRow, ShootRow } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { advanceGeneration } from "@/lib/generations/lifecycle";
import { createGeneration, uploadFace, newId, randomSeed } from "@/lib/generations/create";
import type { GenerationDeps } from "@/lib/generations/runtime";
import { faceUrl, readFaceCheck, resolveOwnedFile, type StoredFile } from "@/lib/generations/read";
import { isUnfinished } from "@/lib/validations/generation";
import { log } from "@/lib/log";
import { deleteOwnerData, removeRowsAndFiles } from "@/lib/generations/privacy";
import { rowsForOwner } from "@/lib/db/queries/privacy";
import { CROP_IDS, SHOOT_LIMITS, STYLE_KEYS, type CreateShoot, type CropId, type UpdatePerson, type UpdateShoot } from "@/lib/validations/shoot";
import type { ExportPerson } from "./export";
import {
  PERSON_STATUSES,
  type JoinInfoDto,
  type JoinMeDto,
  type PersonStatus,
  type ShootCountsDto,
  type ShootDto,
  type ShootOutputDto,
  type ShootPersonDto,
  type ShootStyleDto,
  type ShootSummaryDto,
  type ShootVariantDto,
} from "./types";

/*
 * Team shoots: one consistent set of headshots for a whole team (issue 13).
 *
 * A shoot belongs to the staff (every signed-in staff member manages every shoot). It fixes the style once
 * (prompt, negative prompt, size, steps, guidance scale and a shoot seed); people join through an invite link
 * or staff add their photos. Each person is the OWNER of their face and generations (owner id = person id), so
 * the face upload, generation lifecycle, file serving and privacy deletion all run through the same code as the
 * home page. A person's first variants use seeds seed, seed + 1, … (variant k of every person shares a seed);
 * a regeneration draws a new base seed. Shoot generations spend from the global daily budget and the shoot's
 * optional cap (checked in the insert's transaction, lib/quotas/consume.ts), never from the per-browser quota.
 * A person's status is derived from their face and generations, never stored. This module owns the rules;
 * the route handlers under app/api/shoots and app/api/join only authenticate, parse and answer.
 */

type Deps = GenerationDeps;

export type PersonDetails = { name: string; title?: string | null; email?: string | null; source: ShootPersonRow["source"] };

const SEED_SPACE = 2 ** 32;
const DAY_MS = 24 * 60 * 60_000;
const ADVANCE_PER_REQUEST = 10;

/** Variant k of a round whose base seed is `base`. */
export const seedFor = (base: number, k: number) => (base + k) % SEED_SPACE;

// ---------------------------------------------------------------------------------------------- errors

const shootNotFound = () => new AppError("not_found", "That shoot does not exist.");
const personNotFound = () => new AppError("not_found", "That person is not in this shoot.");
const inviteNotFound = () => new AppError("not_found", "This invite link is not valid. It may have been replaced or revoked: ask the person who sent it for a new one.");
const inviteExpired = () => new AppError("gone", "This invite link has expired.");
const shootFull = () => new AppError("conflict", "This shoot is full.");
const styleLocked = () =>
  new AppError("conflict", "This shoot's style is locked because headshots were already generated. Make a new shoot instead.");

// ---------------------------------------------------------------------------------------------- shoots

export async function requireShoot(deps: Pick<Deps, "db">, id: string): Promise<ShootRow> {
  const shoot = await getShootRow(deps.db, id);
  if (!shoot) throw shootNotFound();
  return shoot;
}

export async function createShoot(deps: Pick<Deps, "db" | "now">, input: CreateShoot): Promise<ShootRow> {
  const now = deps.now();
  return await insertShoot(deps.db, {
    id: newId("s"),
    name: input.name,
    prompt: input.prompt,
    negativePrompt: input.negativePrompt,
    width: input.width,
    height: input.height,
    steps: input.steps,
    guidanceScale: input.guidanceScale,
    seed: input.seed ?? randomSeed(),
    variants: input.variants,
    regenerations: input.regenerations,
    crops: JSON.stringify(input.crops),
    dueDate: input.dueDate ?? null,
    generationCap: input.generationCap ?? null,
    inviteToken: newToken(),
    createdAt: now,
    updatedAt: now,
  });
}

/**
 * Changes a shoot. Name, variants, regenerations, crops, due date and cap may change at any time; the style
 * (prompt … guidance scale, seed) only until the first generation — after that 409, make a new shoot instead.
 */
export async function updateShoot(deps: Pick<Deps, "db">, id: string, patch: UpdateShoot): Promise<ShootRow> {
  const shoot = await requireShoot(deps, id);
  const { crops, ...rest } = patch;
  const changes: ShootPatch = { ...rest, ...(crops ? { crops: JSON.stringify(crops) } : {}) };
  for (const key of Object.keys(changes) as (keyof ShootPatch)[]) if (changes[key] === undefined) delete changes[key];
  const touchesStyle = STYLE_KEYS.some((k) => k in changes && changes[k] !== shoot[k]);
  if (Object.keys(changes).length > 0) {
    const updated = touchesStyle ? await updateShootStyleIfUnused(deps.db, id, changes) : await updateShootRow(deps.db, id, changes);
    if (!updated) throw touchesStyle && await getShootRow(deps.db, id) ? styleLocked() : shootNotFound();
  }
  return await requireShoot(deps, id);
}

/** Every shoot, newest first, with its counters. */
export async function listShoots(deps: Pick<Deps, "db" | "now">): Promise<ShootSummaryDto[]> {
  const stats = await personGenerationCounts(deps.db);
  const people = groupBy(await listAllPeople(deps.db), (p) => p.shootId);
  return (await listShootRows(deps.db)).map((shoot) => ({
    id: shoot.id,
    name: shoot.name,
    dueDate: shoot.dueDate,
    expired: isExpired(shoot.dueDate, deps.now()),
    counts: countsOf(
      (people.get(shoot.id) ?? []).map((p) => {
        const s = stats.get(p.id) ?? { unfinished: 0, succeeded: 0, total: 0 };
        return deriveStatus(p, { ...s, lastFailure: null });
      }),
    ),
    createdAt: iso(shoot.createdAt),
  }));
}

/** The shoot page: settings, invite, counters and every person with their variants. */
export async function getShoot(deps: Pick<Deps, "db" | "now">, id: string): Promise<ShootDto> {
  const shoot = await requireShoot(deps, id);
  const gens = await listShootGenerations(deps.db, id);
  const outputs = await listShootOutputs(deps.db, id);
  const gensByPerson = groupBy(gens, (g) => g.personId ?? "");
  const outputsByGen = groupBy(outputs, (o) => o.generationId);
  const rows = await listPeople(deps.db, id);
  const checks = await faceChecks(deps.db, rows.flatMap((p) => (p.faceId ? [p.faceId] : [])));
  const people = await Promise.all(rows.map((p) => toPersonDto(deps.db, shoot, p, gensByPerson.get(p.id) ?? [], outputsByGen, checks)));
  return {
    id: shoot.id,
    name: shoot.name,
    style: styleOf(shoot),
    seed: shoot.seed,
    variants: shoot.variants,
    regenerations: shoot.regenerations,
    crops: cropsOf(shoot),
    dueDate: shoot.dueDate,
    expired: isExpired(shoot.dueDate, deps.now()),
    generationCap: shoot.generationCap,
    generationsUsed: shoot.generationsUsed,
    styleLocked: shoot.generationsUsed > 0,
    invite: shoot.inviteToken ? { token: shoot.inviteToken, path: `/join/${shoot.inviteToken}` } : null,
    maxPeople: SHOOT_LIMITS.maxPeople,
    counts: countsOf(people),
    people,
    createdAt: iso(shoot.createdAt),
    updatedAt: iso(shoot.updatedAt),
  };
}

/**
 * Deletes the shoot: every person's face, generations, outputs and thumbnails (rows and files), then the
 * shoot. A ZIP asked for afterwards can no longer include anyone.
 */
export async function deleteShoot(deps: Pick<Deps, "db" | "storage">, id: string): Promise<void> {
  await requireShoot(deps, id);
  for (const person of await listPeople(deps.db, id)) await purgePerson(deps, person.id);
  // Anything left over (a person row lost mid-way) still goes with the shoot.
  const leftover = await listShootGenerations(deps.db, id);
  if (leftover.length > 0) {
    const paths = (await listOutputsForGenerations(deps.db, leftover.map((g) => g.id))).flatMap((o) => [o.path, o.thumbPath]);
    await removeRowsAndFiles(deps, { generationIds: leftover.map((g) => g.id), faces: [], outputPaths: paths });
  }
  await deleteShootRow(deps.db, id);
  log("info", "shoot_deleted", { shootId: id });
}

/** Brings the shoot's (or one person's) unfinished generations up to date, a few per request; the sweeper does the rest. */
export async function refreshShoot(deps: Deps, shootId: string, personId?: string): Promise<void> {
  const gens = personId ? await listPersonGenerations(deps.db, personId) : await listShootGenerations(deps.db, shootId);
  const due = gens.filter((g) => isUnfinished(g.status) && (g.nextCheckAt === null || g.nextCheckAt <= deps.now()));
  await Promise.allSettled(due.slice(0, ADVANCE_PER_REQUEST).map((g) => advanceGeneration(deps, g.id)));
}

// ---------------------------------------------------------------------------------------------- invite link

const newToken = () => randomBytes(32).toString("base64url");
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** A fresh invite link; the previous one stops working. */
export async function newInviteToken(deps: Pick<Deps, "db">, shootId: string): Promise<string> {
  await requireShoot(deps, shootId);
  const token = newToken();
  await updateShootRow(deps.db, shootId, { inviteToken: token });
  return token;
}

export async function revokeInvite(deps: Pick<Deps, "db">, shootId: string): Promise<void> {
  await requireShoot(deps, shootId);
  await updateShootRow(deps.db, shootId, { inviteToken: null });
}

/** The shoot behind an invite token; 404 for a revoked, replaced or made-up one. */
export async function shootForInvite(deps: Pick<Deps, "db">, token: string): Promise<ShootRow> {
  const shoot = TOKEN.test(token) ? await getShootByInviteToken(deps.db, token) : undefined;
  if (!shoot) throw inviteNotFound();
  return shoot;
}

/**
 * The link works through the whole due day wherever the colleague is: it expires when the due date has
 * ended everywhere on earth (UTC−12), i.e. at 12:00 UTC the day after.
 */
export function isExpired(dueDate: string | null, now: number): boolean {
  if (!dueDate) return false;
  return now >= Date.parse(`${dueDate}T12:00:00Z`) + DAY_MS;
}

/** What the invite page shows before any upload. */
export async function joinInfo(deps: Pick<Deps, "db" | "now">, shoot: ShootRow, opts: { retentionDays: number; personId: string | null }): Promise<JoinInfoDto> {
  const joined = opts.personId !== null && await getPersonInShoot(deps.db, shoot.id, opts.personId) !== undefined;
  return {
    shoot: { name: shoot.name, dueDate: shoot.dueDate, variants: shoot.variants, regenerations: shoot.regenerations },
    retentionDays: opts.retentionDays,
    expired: isExpired(shoot.dueDate, deps.now()),
    full: await countPeople(deps.db, shoot.id) >= SHOOT_LIMITS.maxPeople,
    joined,
  };
}

/**
 * May this browser join through the link? 410 past the due date, 409 when the shoot is full or when the
 * browser already joined (`joinedAs`: the person its cookie proves) — one person per browser, not duplicates.
 * Routes call it before receiving the photo, so a refused colleague does not upload 20 MB first.
 */
export async function assertCanJoin(deps: Pick<Deps, "db" | "now">, shoot: ShootRow, joinedAs: string | null): Promise<void> {
  if (isExpired(shoot.dueDate, deps.now())) throw inviteExpired();
  if (joinedAs !== null && await getPersonInShoot(deps.db, shoot.id, joinedAs)) {
    throw new AppError("conflict", "You have already joined this shoot. Use Try again for new headshots, or Delete my photos to start over.");
  }
  if (await countPeople(deps.db, shoot.id) >= SHOOT_LIMITS.maxPeople) throw shootFull();
}

/** A colleague joins through the link (see assertCanJoin for the refusals). */
export async function joinShoot(
  deps: Deps,
  shoot: ShootRow,
  details: Omit<PersonDetails, "source">,
  photo: Photo,
  joinedAs: string | null = null,
): Promise<ShootPersonRow> {
  await assertCanJoin(deps, shoot, joinedAs);
  return addPerson(deps, shoot.id, { ...details, source: "invite" }, photo);
}

// ---------------------------------------------------------------------------------------------- people

export async function requirePerson(deps: Pick<Deps, "db">, shootId: string, personId: string): Promise<ShootPersonRow> {
  const person = await getPersonInShoot(deps.db, shootId, personId);
  if (!person) throw personNotFound();
  return person;
}

/**
 * Adds a person with their face photo (stored exactly like POST /api/faces, owned by the person) and starts
 * their first variants with the shoot's seed. If the photo is refused or nothing can be started (budget or
 * cap), the person and everything stored for them is removed again and the error is passed on.
 */
export async function addPerson(deps: Deps, shootId: string, details: PersonDetails, photo: Photo): Promise<ShootPersonRow> {
  const shoot = await requireShoot(deps, shootId);
  assertCapRoom(shoot, shoot.variants);
  const now = deps.now();
  const row = await insertPersonIfRoom(
    deps.db,
    {
      id: newId("p"),
      shootId,
      name: details.name,
      title: details.title ?? null,
      email: details.email ?? null,
      source: details.source,
      createdAt: now,
      updatedAt: now,
    },
    SHOOT_LIMITS.maxPeople,
  );
  if (!row) throw shootFull();
  try {
    const face = await storeFace(deps, row.id, photo);
    await updatePerson(deps.db, row.id, { faceId: face.id });
    await startRound(deps, shootId, row.id, face.id, shoot.seed);
  } catch (error) {
    await purgePerson(deps, row.id);
    throw error;
  }
  return await requirePerson(deps, shootId, row.id);
}

/**
 * A new round for one person: a new random base seed and `variants` new generations. Only while the
 * person has regenerations left (409 otherwise) and nothing of theirs is still being made.
 */
export async function regenerate(deps: Deps, shootId: string, personId: string): Promise<ShootPersonRow> {
  const shoot = await requireShoot(deps, shootId);
  const person = await requirePerson(deps, shootId, personId);
  if (!person.faceId) throw new AppError("conflict", "Add a photo first.");
  if ((await listPersonGenerations(deps.db, personId)).some((g) => isUnfinished(g.status))) {
    throw new AppError("conflict", "Headshots are still being made. Try again when they are done.");
  }
  if (person.regenerationsUsed >= shoot.regenerations) throw noRegenerations();
  assertCapRoom(shoot, shoot.variants);
  if (!await takeRegeneration(deps.db, personId, shoot.regenerations)) throw noRegenerations();
  try {
    await startRound(deps, shootId, personId, person.faceId, randomSeed());
  } catch (error) {
    await giveBackRegeneration(deps.db, personId);
    throw error;
  }
  return await requirePerson(deps, shootId, personId);
}

const noRegenerations = () => new AppError("conflict", "No regenerations left for this person.");

/**
 * A new photo for a person: every earlier generation (outputs, thumbnails, files) and the old photo are
 * deleted, the favourite and approval are cleared, and the first variants start again with the shoot's seed.
 */
export async function replacePhoto(deps: Deps, shootId: string, personId: string, photo: Photo): Promise<ShootPersonRow> {
  const shoot = await requireShoot(deps, shootId);
  await requirePerson(deps, shootId, personId);
  assertCapRoom(shoot, shoot.variants);
  const face = await storeFace(deps, personId, photo);
  // The same photo again maps to the same face row (uploadFace de-duplicates by hash): keep that one.
  const old = await rowsForOwner(deps.db, personId);
  await updatePerson(deps.db, personId, { faceId: face.id, favouriteOutputId: null, approvedAt: null });
  await removeRowsAndFiles(deps, { ...old, faces: old.faces.filter((f) => f.id !== face.id) });
  await startRound(deps, shootId, personId, face.id, shoot.seed);
  return await requirePerson(deps, shootId, personId);
}

/** The person's favourite; the output must be one of theirs (404 otherwise). `null` clears it. */
export async function chooseFavourite(deps: Pick<Deps, "db">, shootId: string, personId: string, outputId: string | null): Promise<ShootPersonRow> {
  await requirePerson(deps, shootId, personId);
  if (outputId !== null && !await getPersonOutput(deps.db, personId, outputId)) throw new AppError("not_found", "That headshot does not exist.");
  await updatePerson(deps.db, personId, { favouriteOutputId: outputId });
  return await requirePerson(deps, shootId, personId);
}

/**
 * Staff approve a person's headshot for the website. Without a favourite, the first finished variant of the
 * first round (the one made with the shoot's own seed) becomes it.
 */
export async function setApproved(deps: Pick<Deps, "db" | "now">, shootId: string, personId: string, approved: boolean): Promise<ShootPersonRow> {
  const person = await requirePerson(deps, shootId, personId);
  if (!approved) {
    await updatePerson(deps.db, personId, { approvedAt: null });
    return await requirePerson(deps, shootId, personId);
  }
  const favourite = person.favouriteOutputId ?? (await firstOutputOf(deps, personId))?.id ?? null;
  if (!favourite) throw new AppError("conflict", "There is no finished headshot to approve yet.");
  await updatePerson(deps.db, personId, { approvedAt: person.approvedAt ?? deps.now(), favouriteOutputId: favourite });
  return await requirePerson(deps, shootId, personId);
}

/** PATCH of a person by staff: details, favourite and approval in one go (favourite first, so approval uses it). */
export async function updatePersonDetails(deps: Pick<Deps, "db" | "now">, shootId: string, personId: string, patch: UpdatePerson): Promise<ShootPersonRow> {
  await requirePerson(deps, shootId, personId);
  const details = {
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.title !== undefined ? { title: patch.title } : {}),
    ...(patch.email !== undefined ? { email: patch.email } : {}),
  };
  if (Object.keys(details).length > 0) await updatePerson(deps.db, personId, details);
  if (patch.favouriteOutputId !== undefined) await chooseFavourite(deps, shootId, personId, patch.favouriteOutputId);
  if (patch.approved !== undefined) await setApproved(deps, shootId, personId, patch.approved);
  return await requirePerson(deps, shootId, personId);
}

/** Removes a person: their face, generations, outputs and thumbnails (rows and files), then their row. */
export async function removePerson(deps: Pick<Deps, "db" | "storage">, shootId: string, personId: string): Promise<void> {
  await requirePerson(deps, shootId, personId);
  await purgePerson(deps, personId);
}

/** One person's page (their own results only), for the colleague who joined. */
export async function joinMe(deps: Pick<Deps, "db">, shoot: ShootRow, personId: string): Promise<JoinMeDto> {
  const person = await requirePerson(deps, shoot.id, personId);
  const dto = await personDto(deps, shoot, person);
  return { shoot: { name: shoot.name, variants: shoot.variants, regenerationsLeft: dto.regenerationsLeft, crops: cropsOf(shoot) }, person: dto };
}

/** One person as the API shows them. */
export async function personDto(deps: Pick<Deps, "db">, shoot: ShootRow, person: ShootPersonRow): Promise<ShootPersonDto> {
  const gens = await listPersonGenerations(deps.db, person.id);
  const outputs = await listOutputsForGenerations(
    deps.db,
    gens.filter((g) => g.status === "succeeded").map((g) => g.id),
  );
  const checks = await faceChecks(deps.db, person.faceId ? [person.faceId] : []);
  return await toPersonDto(deps.db, shoot, person, gens, groupBy(outputs, (o) => o.generationId), checks);
}

// ---------------------------------------------------------------------------------------------- export

/**
 * Who goes into the ZIP: the approved people, or — while nobody is approved yet — everyone with a favourite;
 * each with their chosen output's storage key and the settings it was made with.
 */
export async function exportSelection(deps: Pick<Deps, "db">, shootId: string): Promise<ExportPerson[]> {
  const shoot = await requireShoot(deps, shootId);
  const candidates = (await listPeople(deps.db, shootId)).filter((p) => p.faceId !== null && p.favouriteOutputId !== null);
  const approved = candidates.filter((p) => p.approvedAt !== null);
  const chosen = approved.length > 0 ? approved : candidates;
  const picked: ExportPerson[] = [];
  for (const person of chosen) {
    const found = person.favouriteOutputId ? await getPersonOutput(deps.db, person.id, person.favouriteOutputId) : undefined;
    if (!found) continue;
    const { output, generation } = found;
    picked.push({
      name: person.name,
      email: person.email,
      title: person.title,
      status: (await personDto(deps, shoot, person)).status,
      seed: generation.seed,
      prompt: generation.prompt,
      width: output.width,
      height: output.height,
      createdAt: iso(output.createdAt),
      outputKey: output.path,
    });
  }
  return picked;
}

export function cropsOf(shoot: ShootRow): CropId[] {
  try {
    const parsed: unknown = JSON.parse(shoot.crops);
    return Array.isArray(parsed) ? CROP_IDS.filter((id) => parsed.includes(id)) : [];
  } catch {
    return [];
  }
}

// ---------------------------------------------------------------------------------------------- files

/** Who is looking at a shoot file: staff see every shoot's files, a colleague only their own. */
export type ShootViewer = { staff: boolean; personIn: (shootId: string) => string | null };

/**
 * A face, output or thumbnail URL of a shoot generation, resolved for staff or for the person it belongs to.
 * Anything else (a home-page owner's file, another person's) is simply not there.
 */
export async function resolveShootFile(deps: Pick<Deps, "db">, viewer: ShootViewer, kind: string, segments: string[]): Promise<StoredFile | null> {
  const [first = ""] = segments;
  let ownerId: string | undefined;
  if (kind === "faces") ownerId = (await getFace(deps.db, first))?.ownerId;
  else if (kind === "outputs" || kind === "thumbs") {
    const gen = await getGeneration(deps.db, first);
    ownerId = gen?.shootId ? gen.ownerId : undefined;
  }
  const person = ownerId ? await getPerson(deps.db, ownerId) : undefined;
  if (!person) return null;
  if (!viewer.staff && viewer.personIn(person.shootId) !== person.id) return null;
  return await resolveOwnedFile(deps, person.id, kind, segments);
}

// ---------------------------------------------------------------------------------------------- internals

/** The locked style every generation of the shoot is made with. */
function styleOf(shoot: ShootRow): ShootStyleDto {
  const { prompt, negativePrompt, width, height, steps, guidanceScale } = shoot;
  return { prompt, negativePrompt, width, height, steps, guidanceScale };
}

async function storeFace(deps: Deps, personId: string, photo: Photo) {
  const task = async () => uploadFace(deps, personId, await photo.read(), photo.check ?? null);
  return photo.slot ? photo.slot(task) : task();
}

/** Refuses up front when the shoot's cap cannot cover `needed` more generations (the insert re-checks atomically). */
function assertCapRoom(shoot: ShootRow, needed: number): void {
  const cap = shoot.generationCap;
  if (cap === null || shoot.generationsUsed + needed <= cap) return;
  const left = Math.max(0, cap - shoot.generationsUsed);
  const message =
    left === 0 ? `This shoot has used all ${cap} of its generations.` : `This shoot has only ${left} of its ${cap} generations left, and this needs ${needed}.`;
  throw new AppError("quota_exceeded", message, { detail: `shoot cap ${cap}, used ${shoot.generationsUsed}, needed ${needed}` });
}

/**
 * Starts `variants` generations for one person with seeds base, base + 1, … All rows are inserted (in
 * variant order) before any is sent: every createGeneration reaches its insert after the same awaits, and
 * sends only after it. Throws only when none could be started; a partial round (a race for the last units
 * of a budget) is kept and logged.
 */
async function startRound(deps: Deps, shootId: string, personId: string, faceId: string, baseSeed: number): Promise<GenerationRow[]> {
  const shoot = await requireShoot(deps, shootId); // read again right before inserting: the style cannot change after this
  const started = Array.from({ length: shoot.variants }, (_, k) =>
    createGeneration(deps, {
      ownerId: personId,
      input: {
        faceId,
        ...styleOf(shoot),
        seed: seedFor(baseSeed, k),
        base64: false,
      },
      idempotencyKey: null,
      audience: "shoot",
      shoot: { shootId, personId, variant: k },
    }),
  );
  const results = await Promise.allSettled(started);
  const made = results.flatMap((r) => (r.status === "fulfilled" ? [r.value.generation] : []));
  const refused = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (refused && made.length === 0) throw refused.reason;
  if (refused) log("warn", "shoot_round_partial", { shootId, started: made.length, wanted: shoot.variants });
  return made;
}

/** Every row and file of one person, then the person. */
async function purgePerson(deps: Pick<Deps, "db" | "storage">, personId: string): Promise<void> {
  await deleteOwnerData(deps, personId);
  await deletePersonRow(deps.db, personId);
}

async function firstOutputOf(deps: Pick<Deps, "db">, personId: string): Promise<OutputRow | undefined> {
  const done = (await listPersonGenerations(deps.db, personId)).filter((g) => g.status === "succeeded");
  return (await listOutputsForGenerations(
    deps.db,
    done.map((g) => g.id),
  )).sort((a, b) => done.findIndex((g) => g.id === a.generationId) - done.findIndex((g) => g.id === b.generationId) || a.idx - b.idx)[0];
}

type GenerationStats = { unfinished: number; succeeded: number; total: number; lastFailure: string | null };

/** The ONE definition of a person's status (see PersonStatus). */
function deriveStatus(person: ShootPersonRow, s: GenerationStats): { status: PersonStatus; failure: string | null; generating: boolean } {
  const generating = s.unfinished > 0;
  const status: PersonStatus = !person.faceId
    ? "invited"
    : person.approvedAt !== null && person.favouriteOutputId !== null
      ? "approved"
      : person.favouriteOutputId !== null
        ? "favourite_chosen"
        : generating
          ? "generating"
          : s.succeeded > 0
            ? "ready"
            : s.total === 0
              ? "photo_received"
              : "failed";
  return { status, failure: status === "failed" ? (s.lastFailure ?? "The headshots could not be made.") : null, generating };
}

function countsOf(people: { status: PersonStatus; generating: boolean }[]): ShootCountsDto {
  const byStatus = Object.fromEntries(PERSON_STATUSES.map((s) => [s, 0])) as Record<PersonStatus, number>;
  for (const p of people) byStatus[p.status] += 1;
  return {
    people: people.length,
    ready: byStatus.ready + byStatus.favourite_chosen + byStatus.approved,
    approved: byStatus.approved,
    generating: people.filter((p) => p.generating).length,
    failed: byStatus.failed,
    byStatus,
  };
}

const outputDto = (o: OutputRow): ShootOutputDto => ({
  id: o.id,
  url: `/api/files/outputs/${o.generationId}/${o.idx}`,
  thumbUrl: `/api/files/thumbs/${o.generationId}/${o.idx}`,
  width: o.width,
  height: o.height,
});

async function toPersonDto(
  db: Deps["db"],
  shoot: ShootRow,
  person: ShootPersonRow,
  gens: GenerationRow[],
  outputsByGen: Map<string, OutputRow[]>,
  checks: Map<string, string | null>,
): Promise<ShootPersonDto> {
  const lastFailed = gens.findLast((g) => g.status === "failed");
  const derived = deriveStatus(person, {
    unfinished: gens.filter((g) => isUnfinished(g.status)).length,
    succeeded: gens.filter((g) => g.status === "succeeded").length,
    total: gens.length,
    lastFailure: lastFailed ? (lastFailed.failureMessage ?? "The job failed.") : null,
  });
  // Waiting in our own submission queue (nothing sent yet): how many jobs are ahead, as lib/generations/read.ts shows it.
  const ahead = new Map<string, number>();
  for (const g of gens) if (g.status === "queued" && g.submittedAt === null) ahead.set(g.id, await countWaitingAhead(db, g));
  let round = -1;
  const variants: ShootVariantDto[] = gens.map((g) => {
    if (g.variant === 0 || round < 0) round += 1;
    return {
      generationId: g.id,
      round,
      variant: g.variant ?? 0,
      seed: g.seed,
      status: g.status,
      outputs: g.status === "succeeded" ? (outputsByGen.get(g.id) ?? []).map(outputDto) : [],
      failure: g.status === "failed" ? { reason: g.failureReason ?? "unknown", message: g.failureMessage ?? "The job failed." } : null,
      queuePosition: ahead.get(g.id) ?? null,
      createdAt: iso(g.createdAt),
      completedAt: g.completedAt ? iso(g.completedAt) : null,
    };
  });
  const favourite = person.favouriteOutputId
    ? gens.flatMap((g) => outputsByGen.get(g.id) ?? []).find((o) => o.id === person.favouriteOutputId)
    : undefined;
  return {
    id: person.id,
    name: person.name,
    title: person.title,
    email: person.email,
    source: person.source,
    ...derived,
    face: person.faceId ? { id: person.faceId, url: faceUrl(person.faceId), check: readFaceCheck(checks.get(person.faceId) ?? null) } : null,
    favourite: favourite ? outputDto(favourite) : null,
    approvedAt: person.approvedAt ? iso(person.approvedAt) : null,
    regenerationsUsed: person.regenerationsUsed,
    regenerationsLeft: Math.max(0, shoot.regenerations - person.regenerationsUsed),
    variants,
    createdAt: iso(person.createdAt),
    updatedAt: iso(person.updatedAt),
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

// Map.groupBy arrives with Node 21; the app supports Node 20.
function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
