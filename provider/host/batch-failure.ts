/**
 * What a batch that did not finish throws and says, inside the provider host:
 * Pulumi records the error's `properties` as the batch's state (what was
 * done), and shows its reasons, one a line.
 */
import { CognitoResetError } from "./errors";

/**
 * The error a batch throws when some of its resets failed or the run stopped:
 * Pulumi records `properties` as the batch's state and shows each of `reasons`.
 */
export class BatchResetError extends Error {
    constructor(
        message: string,
        readonly id: string,
        readonly properties: Record<string, unknown>,
        readonly failures: Record<string, CognitoResetError>,
        readonly reasons: string[],
    ) {
        super(message);
        this.name = "BatchResetError";
    }
}

/**
 * What a batch that did not finish says, one reason a line: the answer that
 * stopped sending (with how many users it left due), then each failed user.
 */
export function failureReasons(
    stoppedHere: CognitoResetError | undefined,
    notReached: number,
    failures: Record<string, CognitoResetError>,
    batchSize: number,
): string[] {
    const reasons: string[] = [];
    if (stoppedHere) {
        const scope = stoppedHere.category === "quota" ? "Sending to this pool stopped" : "The run stopped";
        reasons.push(
            `${scope} after this answer; no further request was sent, and the users not reached stay due ` +
                `(${notReached} in this batch): ${stoppedHere.message}`,
        );
    }
    const failed = Object.keys(failures).sort();
    if (failed.length > 0) {
        reasons.push(
            `${failed.length} of ${batchSize} users of this batch could not be reset; the others are ` +
                "recorded, and the next run retries only these:",
            ...failed.map((u) => `${u}: ${failures[u].message}`),
        );
    }
    return reasons;
}
