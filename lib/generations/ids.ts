import { randomBytes, randomInt } from "node:crypto";

export const newId = (prefix: string) => `${prefix}_${randomBytes(12).toString("base64url")}`;
export const newSecret = () => randomBytes(24).toString("base64url");
/** A uniformly random 32-bit seed, so every result can be reproduced. */
export const randomSeed = () => randomInt(0, 2 ** 32);
