/**
 * Which batch of a `UserPasswordResets` holds a user: the program spreads a
 * list of usernames over its batches with it, and the provider takes a
 * selection's share of each batch with it.
 */
import { createHash } from "node:crypto";

/** The batch (0-based) a user belongs to, of `batches`: the first 32 bits of SHA-256 of the username. */
export function batchOf(username: string, batches: number): number {
    return createHash("sha256").update(username).digest().readUInt32BE(0) % batches;
}
