// @vitest-environment node
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { getFace } from "@/lib/db/queries/faces";
import { listOutputsForGenerations } from "@/lib/db/queries/outputs";
import { deleteRows } from "@/lib/db/queries/privacy";
import { getPerson, getShootRow, insertPersonIfRoom, listAllPeople, listPeople, listPersonGenerations, listShootGenerations } from "@/lib/db/queries/shoots";
import { AppError } from "@/lib/errors";
import { createGeneration } from "@/lib/generations/create";
import { allFaces, allGenerations } from "@/test/db";
import { addFace, createHarness, fixture, type Harness, params, filesUnder } from "@/test/harness";
import { thumbnailsIdle } from "@/lib/images/thumbnails";
import { sweepExpiredFaces } from "@/lib/generations/privacy";
import { createShootSchema, type CreateShootInput } from "@/lib/validations/shoot";
import {
  addPerson,
  chooseFavourite,
  createShoot,
  deleteShoot,
  exportSelection,
  getShoot,
  isExpired,
  joinShoot,
  listShoots,
  newInviteToken,
  regenerate,
  removePerson,
  replacePhoto,
  resolveShootFile,
  revokeInvite,
  setApproved,
  shootForInvite,
  updateShoot,
} from "./shoots";
import type { Photo } from "@/lib/images/upload-gate";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const STYLE = { prompt: "studio headshot, navy blazer", negativePrompt: "blurry, cartoon", width: 512, height: 640, steps: 21, guidanceScale: 6.5 };
const photo = (name = "portrait-a.jpg"): Photo => ({ read: async () => fixture(name) });
const shootInput = (over: Partial<CreateShootInput> = {}) => createShootSchema.parse({ name: "Marketing team", ...STYLE, ...over });

async function start(sim: Parameters<typeof createHarness>[0] = { sim: { mode: "sync" } }) {
  h = await createHarness(sim);
  return h;
}

async function refusal(p: Promise<unknown> | (() => unknown)): Promise<AppError> {
  try {
    await (typeof p === "function" ? p() : p);
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected a refusal");
}

const filesRoot = (hh: Harness) => path.join(hh.dir, "files");

describe("team shoots", () => {
  it("starts each person's first variants with the shoot's style and the seeds seed, seed + 1 (mod 2^32)", async () => {
    const hh = await start();
    const shoot = await createShoot(hh.deps, shootInput({ seed: 4_294_967_295, variants: 2 }));
    const ann = await addPerson(hh.deps, shoot.id, { name: "Ann Lee", title: "CFO", email: "ann@example.com", source: "staff" }, photo("portrait-a.jpg"));
    const bob = await addPerson(hh.deps, shoot.id, { name: "Bob", source: "staff" }, photo("portrait-b.jpg"));

    const bodies = hh.sim.received().map((r) => r.body);
    expect(bodies).toHaveLength(4);
    for (const body of bodies) {
      expect(body).toMatchObject({
        prompt: STYLE.prompt,
        negative_prompt: STYLE.negativePrompt,
        width: 512,
        height: 640,
        num_inference_steps: 21,
        guidance_scale: 6.5,
      });
    }
    for (const person of [ann, bob]) {
      const gens = await listPersonGenerations(hh.deps.db, person.id);
      expect(gens.map((g) => [g.variant, g.seed, g.shootId, g.ownerId])).toEqual([
        [0, 4_294_967_295, shoot.id, person.id],
        [1, 0, shoot.id, person.id],
      ]);
      const sent = gens.map((g) => bodies.find((b) => b.track_id === g.id)?.seed);
      expect(sent).toEqual([4_294_967_295, 0]);
    }

    const dto = await getShoot(hh.deps, shoot.id);
    expect(dto.people.map((p) => [p.name, p.status, p.variants.length])).toEqual([
      ["Ann Lee", "ready", 2],
      ["Bob", "ready", 2],
    ]);
    expect(dto.counts).toMatchObject({ people: 2, ready: 2, approved: 0, generating: 0 });
    expect(dto.styleLocked).toBe(true);
    expect(dto.generationsUsed).toBe(4);
    const variant = dto.people[0]!.variants[0]!;
    expect(variant).toMatchObject({ round: 0, variant: 0, seed: 4_294_967_295, status: "succeeded" });
    expect(variant.outputs[0]!.url).toBe(`/api/files/outputs/${variant.generationId}/0`);
    expect(dto.people[0]!.face?.url).toMatch(/^\/api\/files\/faces\/f_/);
    expect(dto.invite?.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await listShoots(hh.deps)).toEqual([expect.objectContaining({ id: shoot.id, counts: expect.objectContaining({ people: 2, ready: 2 }) })]);
  });

  it("picks a random seed when none is given, and shows it", async () => {
    const hh = await start();
    const a = await createShoot(hh.deps, shootInput());
    const b = await createShoot(hh.deps, shootInput());
    for (const s of [a, b]) expect(s.seed).toBeGreaterThanOrEqual(0);
    expect(a.seed).not.toBe(b.seed);
    expect((await getShoot(hh.deps, a.id)).seed).toBe(a.seed);
  });

  it("regenerate draws a new base seed for all variants and stops at the shoot's limit", async () => {
    const hh = await start();
    const shoot = await createShoot(hh.deps, shootInput({ seed: 100, variants: 2, regenerations: 1 }));
    const ann = await addPerson(hh.deps, shoot.id, { name: "Ann", source: "invite" }, photo());
    await regenerate(hh.deps, shoot.id, ann.id);
    const gens = await listPersonGenerations(hh.deps.db, ann.id);
    expect(gens).toHaveLength(4);
    const [, , r0, r1] = gens;
    expect([r0!.variant, r1!.variant]).toEqual([0, 1]);
    expect(r1!.seed).toBe((r0!.seed + 1) % 2 ** 32);
    expect(r0!.seed).not.toBe(100);
    const person = (await getShoot(hh.deps, shoot.id)).people[0]!;
    expect(person.variants.map((v) => v.round)).toEqual([0, 0, 1, 1]);
    expect(person).toMatchObject({ regenerationsUsed: 1, regenerationsLeft: 0 });

    const e = await refusal(regenerate(hh.deps, shoot.id, ann.id));
    expect(e).toMatchObject({ status: 409, message: "No regenerations left for this person." });
    expect(await listPersonGenerations(hh.deps.db, ann.id)).toHaveLength(4);
  });

  it("shoot members are not held to the per-browser demo quota (5), only the global budget", async () => {
    const hh = await start();
    const shoot = await createShoot(hh.deps, shootInput({ variants: 4, regenerations: 2 }));
    const ann = await addPerson(hh.deps, shoot.id, { name: "Ann", source: "invite" }, photo());
    await regenerate(hh.deps, shoot.id, ann.id);
    await regenerate(hh.deps, shoot.id, ann.id);
    expect(await listPersonGenerations(hh.deps.db, ann.id)).toHaveLength(12);
  });

  it("a favourite must be one of the person's own outputs; approval uses it", async () => {
    const hh = await start();
    const shoot = await createShoot(hh.deps, shootInput({ variants: 1 }));
    const ann = await addPerson(hh.deps, shoot.id, { name: "Ann", source: "invite" }, photo("portrait-a.jpg"));
    const bob = await addPerson(hh.deps, shoot.id, { name: "Bob", source: "invite" }, photo("portrait-b.jpg"));
    const [annP, bobP] = (await getShoot(hh.deps, shoot.id)).people;
    const bobsOutput = bobP!.variants[0]!.outputs[0]!.id;
    const e = await refusal(() => chooseFavourite(hh.deps, shoot.id, ann.id, bobsOutput));
    expect(e).toMatchObject({ status: 404, message: "That headshot does not exist." });

    await chooseFavourite(hh.deps, shoot.id, ann.id, annP!.variants[0]!.outputs[0]!.id);
    let people = (await getShoot(hh.deps, shoot.id)).people;
    expect(people.map((p) => p.status)).toEqual(["favourite_chosen", "ready"]);
    expect(people[0]!.favourite?.id).toBe(annP!.variants[0]!.outputs[0]!.id);

    await setApproved(hh.deps, shoot.id, ann.id, true);
    await setApproved(hh.deps, shoot.id, bob.id, true); // no favourite: the first finished variant becomes it
    people = (await getShoot(hh.deps, shoot.id)).people;
    expect(people.map((p) => p.status)).toEqual(["approved", "approved"]);
    expect(people[1]!.favourite?.id).toBe(bobsOutput);
    await setApproved(hh.deps, shoot.id, ann.id, false);
    expect((await getShoot(hh.deps, shoot.id)).people[0]!.status).toBe("favourite_chosen");
  });

  it("derives invited, photo received, generating and failed (with the reason)", async () => {
    const hh = await start({ sim: { mode: "queued", completeAfterMs: 60_000 } });
    const slow = await createShoot(hh.deps, shootInput({ variants: 1 }));
    const ann = await addPerson(hh.deps, slow.id, { name: "Ann", source: "staff" }, photo());
    let dto = await getShoot(hh.deps, slow.id);
    expect(dto.people[0]).toMatchObject({ status: "generating", generating: true });
    expect(dto.counts.generating).toBe(1);

    const broken = await createShoot(hh.deps, shootInput({ variants: 2, prompt: "headshot [sim:402]" }));
    await addPerson(hh.deps, broken.id, { name: "Bob", source: "staff" }, photo("portrait-b.jpg"));
    const bob = (await getShoot(hh.deps, broken.id)).people[0]!;
    expect(bob.status).toBe("failed");
    expect(bob.failure).toMatch(/credit|balance|pay|402/i);

    // The retention sweep takes the face and everything made from it: the person is back to "invited".
    await sweepExpiredFaces({ ...hh.deps, now: () => Date.now() + 400 * 86_400_000 }, 30);
    dto = await getShoot(hh.deps, broken.id);
    expect(dto.people[0]).toMatchObject({ status: "invited", face: null, variants: [] });

    // A face with no generation yet.
    await deleteRows(hh.deps.db, { generationIds: (await listPersonGenerations(hh.deps.db, ann.id)).map((g) => g.id), faces: [], outputPaths: [] });
    expect((await getShoot(hh.deps, slow.id)).people[0]!.status).toBe("photo_received");
  });

  it("shows a variant waiting in our submission queue with its place in line", async () => {
    const hh = await start({ sim: { mode: "queued", completeAfterMs: 60_000, queueLimit: 100 }, maxInFlight: 1 });
    const shoot = await createShoot(hh.deps, shootInput({ variants: 3 }));
    await addPerson(hh.deps, shoot.id, { name: "Ann", source: "staff" }, photo());
    const variants = (await getShoot(hh.deps, shoot.id)).people[0]!.variants;
    // One at the upstream (nothing ahead to report), two waiting: 0 and 1 jobs ahead of them.
    expect(variants.map((v) => v.queuePosition).sort()).toEqual([0, 1, null]);
    expect(variants.filter((v) => v.queuePosition !== null).every((v) => v.status === "queued")).toBe(true);
  });

  it("locks the style after the first generation, but not the name", async () => {
    const hh = await start();
    const shoot = await createShoot(hh.deps, shootInput({ seed: 7 }));
    expect(await updateShoot(hh.deps, shoot.id, { prompt: "new look", seed: 8 })).toMatchObject({ prompt: "new look", seed: 8 });
    await addPerson(hh.deps, shoot.id, { name: "Ann", source: "staff" }, photo());
    const e = await refusal(() => updateShoot(hh.deps, shoot.id, { steps: 10 }));
    expect(e).toMatchObject({
      status: 409,
      message: "This shoot's style is locked because headshots were already generated. Make a new shoot instead.",
    });
    expect(await updateShoot(hh.deps, shoot.id, { name: "Sales", prompt: "new look", dueDate: "2030-01-31" })).toMatchObject({ name: "Sales", steps: 21 });
  });

  it("refuses past the shoot's generation cap with 429, up front and inside the insert transaction", async () => {
    const hh = await start();
    const shoot = await createShoot(hh.deps, shootInput({ variants: 2, generationCap: 3 }));
    await addPerson(hh.deps, shoot.id, { name: "Ann", source: "staff" }, photo());
    const before = filesUnder(filesRoot(hh)).length;
    const e = await refusal(addPerson(hh.deps, shoot.id, { name: "Bob", source: "staff" }, photo("portrait-b.jpg")));
    expect(e).toMatchObject({ status: 429, message: "This shoot has only 1 of its 3 generations left, and this needs 2." });
    expect(await listAllPeople(hh.deps.db)).toHaveLength(1);
    expect(filesUnder(filesRoot(hh))).toHaveLength(before);

    // The transaction itself: two direct creates race for the last unit.
    const ann = (await listAllPeople(hh.deps.db))[0]!;
    const tag = (variant: number) => ({ ownerId: ann.id, input: params(ann.faceId!), idempotencyKey: null, audience: "shoot" as const, shoot: { shootId: shoot.id, personId: ann.id, variant } });
    await createGeneration(hh.deps, tag(0));
    const capped = await refusal(createGeneration(hh.deps, tag(1)));
    expect(capped).toMatchObject({ status: 429, message: "This shoot has used all 3 of its generations." });
    expect(await listShootGenerations(hh.deps.db, shoot.id)).toHaveLength(3);
  });

  it("invite links: revoked or unknown → 404, past the due date → 410, full → 409", async () => {
    const hh = await start();
    const shoot = await createShoot(hh.deps, shootInput({ variants: 1 }));
    const first = shoot.inviteToken!;
    expect((await shootForInvite(hh.deps, first)).id).toBe(shoot.id);
    const second = await newInviteToken(hh.deps, shoot.id);
    expect((await refusal(() => shootForInvite(hh.deps, first))).status).toBe(404);
    await revokeInvite(hh.deps, shoot.id);
    const revoked = await refusal(() => shootForInvite(hh.deps, second));
    expect(revoked.status).toBe(404);
    expect(revoked.message).toMatch(/not valid/);
    expect((await refusal(() => shootForInvite(hh.deps, "../../etc"))).status).toBe(404);

    const late = await createShoot(hh.deps, shootInput({ dueDate: "2020-01-31" }));
    const expired = await refusal(joinShoot(hh.deps, late, { name: "Ann" }, photo()));
    expect(expired).toMatchObject({ status: 410, message: "This invite link has expired." });

    const busy = await createShoot(hh.deps, shootInput());
    for (let i = 0; i < 200; i++) {
      await insertPersonIfRoom(hh.deps.db, { id: `p_${String(i).padStart(16, "0")}`, shootId: busy.id, name: `P${i}`, source: "staff", createdAt: 1, updatedAt: 1 }, 200);
    }
    expect(await refusal(joinShoot(hh.deps, busy, { name: "Ann" }, photo()))).toMatchObject({ status: 409, message: "This shoot is full." });
    expect(await refusal(addPerson(hh.deps, busy.id, { name: "Ann", source: "staff" }, photo()))).toMatchObject({ status: 409 });
    expect(await allFaces(hh.deps.db)).toHaveLength(0);
  });

  it("a due date lasts through the whole day everywhere on earth", () => {
    expect(isExpired(null, Date.now())).toBe(false);
    expect(isExpired("2030-05-01", Date.parse("2030-05-02T11:59:59Z"))).toBe(false);
    expect(isExpired("2030-05-01", Date.parse("2030-05-02T12:00:00Z"))).toBe(true);
  });

  it("a refused photo leaves no person behind", async () => {
    const hh = await start();
    const shoot = await createShoot(hh.deps, shootInput());
    const e = await refusal(addPerson(hh.deps, shoot.id, { name: "Ann", source: "staff" }, { read: async () => Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>") }));
    expect(e.status).toBe(415);
    expect(await listAllPeople(hh.deps.db)).toEqual([]);
    expect((await getShoot(hh.deps, shoot.id)).generationsUsed).toBe(0);
  });

  it("replacing a photo deletes the old face, its generations and files, and starts again with the shoot seed", async () => {
    const hh = await start();
    const shoot = await createShoot(hh.deps, shootInput({ seed: 500, variants: 2, regenerations: 1 }));
    const ann = await addPerson(hh.deps, shoot.id, { name: "Ann", source: "staff" }, photo("portrait-a.jpg"));
    await regenerate(hh.deps, shoot.id, ann.id);
    await setApproved(hh.deps, shoot.id, ann.id, true);
    await thumbnailsIdle();
    const oldGens = (await listPersonGenerations(hh.deps.db, ann.id)).map((g) => g.id);
    const oldFace = (await listAllPeople(hh.deps.db))[0]!.faceId!;

    await replacePhoto(hh.deps, shoot.id, ann.id, photo("portrait-b.jpg"));
    await thumbnailsIdle();
    const gens = await listPersonGenerations(hh.deps.db, ann.id);
    expect(gens.map((g) => [g.variant, g.seed])).toEqual([
      [0, 500],
      [1, 501],
    ]);
    expect(await getFace(hh.deps.db, oldFace)).toBeUndefined();
    const files = filesUnder(filesRoot(hh));
    expect(files.filter((f) => oldGens.some((id) => f.includes(id)))).toEqual([]);
    expect(files.filter((f) => f.startsWith("faces/"))).toHaveLength(1);
    const person = (await getShoot(hh.deps, shoot.id)).people[0]!;
    expect(person).toMatchObject({ status: "ready", favourite: null, approvedAt: null });

    // The same photo again keeps its face row and file.
    await replacePhoto(hh.deps, shoot.id, ann.id, photo("portrait-b.jpg"));
    await thumbnailsIdle();
    expect(filesUnder(filesRoot(hh)).filter((f) => f.startsWith("faces/"))).toHaveLength(1);
    expect((await getShoot(hh.deps, shoot.id)).people[0]!.status).toBe("ready");
  });

  it("removePerson and deleteShoot delete rows and files on disk", async () => {
    const hh = await start();
    const shoot = await createShoot(hh.deps, shootInput({ variants: 2 }));
    const other = await createShoot(hh.deps, shootInput({ variants: 1 }));
    const ann = await addPerson(hh.deps, shoot.id, { name: "Ann", source: "staff" }, photo("portrait-a.jpg"));
    const bob = await addPerson(hh.deps, shoot.id, { name: "Bob", source: "staff" }, photo("portrait-b.jpg"));
    const cid = await addPerson(hh.deps, other.id, { name: "Cid", source: "staff" }, photo("portrait-c.jpg"));
    await thumbnailsIdle();
    const mine = async (personId: string) => {
      const ids = (await listPersonGenerations(hh.deps.db, personId)).map((g) => g.id);
      return filesUnder(filesRoot(hh)).filter((f) => f.includes(personId) || ids.some((id) => f.includes(id)));
    };
    expect(await mine(ann.id)).toHaveLength(1 + 2 * 2); // face + output and thumbnail per variant
    const cidFiles = await mine(cid.id);

    await removePerson(hh.deps, shoot.id, ann.id);
    expect(await mine(ann.id)).toEqual([]);
    expect(await listPersonGenerations(hh.deps.db, ann.id)).toEqual([]);
    expect(await getPerson(hh.deps.db, ann.id)).toBeUndefined();
    expect((await getShoot(hh.deps, shoot.id)).people.map((p) => p.name)).toEqual(["Bob"]);

    await deleteShoot(hh.deps, shoot.id);
    expect(await getShootRow(hh.deps.db, shoot.id)).toBeUndefined();
    expect(await listPeople(hh.deps.db, shoot.id)).toEqual([]);
    expect(await listShootGenerations(hh.deps.db, shoot.id)).toEqual([]);
    expect((await allFaces(hh.deps.db)).filter((f) => f.ownerId === bob.id)).toEqual([]);
    expect(await listOutputsForGenerations(hh.deps.db, (await allGenerations(hh.deps.db)).map((g) => g.id))).toHaveLength(1); // Cid's
    expect(filesUnder(filesRoot(hh)).sort()).toEqual(cidFiles.sort());
    expect((await refusal(() => getShoot(hh.deps, shoot.id))).status).toBe(404);
  });

  it("exports the approved people, or everyone's favourite while nobody is approved", async () => {
    const hh = await start();
    const shoot = await createShoot(hh.deps, shootInput({ variants: 2, seed: 42 }));
    const ann = await addPerson(hh.deps, shoot.id, { name: "Ann", title: "CFO", email: "ann@example.com", source: "invite" }, photo("portrait-a.jpg"));
    const bob = await addPerson(hh.deps, shoot.id, { name: "Bob", source: "staff" }, photo("portrait-b.jpg"));
    await addPerson(hh.deps, shoot.id, { name: "Cid", source: "staff" }, photo("portrait-c.jpg"));
    expect(await exportSelection(hh.deps, shoot.id)).toEqual([]);

    const [annP, bobP] = (await getShoot(hh.deps, shoot.id)).people;
    await chooseFavourite(hh.deps, shoot.id, ann.id, annP!.variants[1]!.outputs[0]!.id);
    await chooseFavourite(hh.deps, shoot.id, bob.id, bobP!.variants[0]!.outputs[0]!.id);
    const favourites = await exportSelection(hh.deps, shoot.id);
    expect(favourites.map((p) => [p.name, p.status, p.seed])).toEqual([
      ["Ann", "favourite_chosen", 43],
      ["Bob", "favourite_chosen", 42],
    ]);
    expect(favourites[0]).toMatchObject({ email: "ann@example.com", title: "CFO", prompt: STYLE.prompt, width: 512, height: 640 });
    expect(favourites[0]!.outputKey).toMatch(new RegExp(`^outputs/${annP!.variants[1]!.generationId}/`));
    expect(await hh.deps.storage.get(favourites[0]!.outputKey)).not.toBeNull();

    await setApproved(hh.deps, shoot.id, bob.id, true);
    expect((await exportSelection(hh.deps, shoot.id)).map((p) => [p.name, p.status])).toEqual([["Bob", "approved"]]);
  });

  it("serves a shoot's files to staff and to the person they belong to, and nobody else", async () => {
    const hh = await start();
    const shoot = await createShoot(hh.deps, shootInput({ variants: 1 }));
    const ann = await addPerson(hh.deps, shoot.id, { name: "Ann", source: "invite" }, photo("portrait-a.jpg"));
    const bob = await addPerson(hh.deps, shoot.id, { name: "Bob", source: "invite" }, photo("portrait-b.jpg"));
    const annP = (await getShoot(hh.deps, shoot.id)).people[0]!;
    const gen = annP.variants[0]!.generationId;
    const files: [string, string[]][] = [
      ["outputs", [gen, "0"]],
      ["thumbs", [gen, "0"]],
      ["faces", [annP.face!.id]],
    ];
    const as = (staff: boolean, personId: string | null) => ({ staff, personIn: (id: string) => (id === shoot.id ? personId : null) });
    for (const [kind, segs] of files) {
      expect(await resolveShootFile(hh.deps, as(true, null), kind, segs), kind).not.toBeNull();
      expect(await resolveShootFile(hh.deps, as(false, ann.id), kind, segs), kind).not.toBeNull();
      expect(await resolveShootFile(hh.deps, as(false, bob.id), kind, segs), kind).toBeNull();
      expect(await resolveShootFile(hh.deps, as(false, null), kind, segs), kind).toBeNull();
    }
    // A home-page generation is never a shoot file, not even for staff.
    const homeFace = await addFace(hh.deps, "o_home", "portrait-c.jpg");
    const { generation } = await createGeneration(hh.deps, { ownerId: "o_home", input: params(homeFace.id), idempotencyKey: null });
    expect(await resolveShootFile(hh.deps, as(true, null), "outputs", [generation.id, "0"])).toBeNull();
  });
});

