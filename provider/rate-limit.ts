/**
 * One request-rate limit for every Cognito request of a run. All
 * UserPasswordReset resources of a `pulumi up` are served by one provider host
 * process, so a limiter at module scope there is shared by all of them; every
 * HTTP attempt (retries included) takes a slot.
 *
 * Requests are paced evenly, one every `(1000 + JITTER_GUARD_MS) / perSecond`
 * ms, and a sliding window of `1000 + JITTER_GUARD_MS` ms holds at most
 * `perSecond` starts. Even pacing (unlike bursts) and the guard keep every
 * one-second window at the endpoint within the limit despite network jitter,
 * while a fast endpoint is still driven at about 95 % of it.
 */

/** Cognito's default quota for the account-recovery category (AdminResetUserPassword), in requests per second. */
export const DEFAULT_REQUESTS_PER_SECOND = 30;
/** The environment variable that sets the limit (`0` or `off` turns it off). */
export const RATE_ENV = "PULUMI_COGNITO_PASSWORD_RESET_RATE";

/**
 * A request can reach Cognito later than it left, by a varying delay. The
 * limiter counts windows of 1,000 ms plus this guard, so that even with that
 * much jitter no one-second window at the endpoint holds more than the limit;
 * it costs under 5 % of the rate.
 */
export const JITTER_GUARD_MS = 50;

export interface Clock {
    now(): number;
    sleep(ms: number): Promise<void>;
}

const realClock: Clock = {
    now: () => performance.timeOrigin + performance.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** A sliding-window limiter: at most `perSecond` starts in any window of 1,000 ms. */
export class RateLimiter {
    private readonly starts: number[] = [];
    private queue: Promise<void> = Promise.resolve();
    private last = -Infinity;

    constructor(
        readonly perSecond: number,
        private readonly clock: Clock = realClock,
    ) {
        if (!(perSecond > 0) || !Number.isFinite(perSecond))
            throw new Error(`a rate limit must be a positive number, got ${perSecond}`);
    }

    /** Resolves when a request may start; requests start in the order they asked. */
    acquire(): Promise<void> {
        const turn = this.queue.then(() => this.waitForSlot());
        this.queue = turn;
        return turn;
    }

    private async waitForSlot(): Promise<void> {
        const limit = Math.max(1, Math.floor(this.perSecond));
        const windowMs = 1000 + JITTER_GUARD_MS;
        const spacing = windowMs / this.perSecond;
        for (;;) {
            const now = this.clock.now();
            while (this.starts.length > 0 && this.starts[0] <= now - windowMs) this.starts.shift();
            const windowWait = this.starts.length < limit ? 0 : this.starts[0] + windowMs - now + 0.5;
            const paceWait = this.last + spacing - now;
            if (windowWait <= 0 && paceWait <= 0) {
                this.starts.push(now);
                this.last = now;
                return;
            }
            await this.clock.sleep(Math.max(windowWait, paceWait, 0.5));
        }
    }
}

/** Parses the limit setting: a positive number, or 0/off for none. */
export function parseRate(value: string | undefined): number | undefined | string {
    if (value === undefined || value.trim() === "") return DEFAULT_REQUESTS_PER_SECOND;
    const v = value.trim().toLowerCase();
    if (v === "0" || v === "off" || v === "none") return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0)
        return `${RATE_ENV} must be a positive number of requests per second, or 0/off; got '${value}'`;
    return n;
}

let shared: RateLimiter | undefined | null = null;

/** The run's limiter (from PULUMI_COGNITO_PASSWORD_RESET_RATE, default 30/s), or undefined when turned off. */
export function sharedLimiter(): RateLimiter | undefined {
    if (shared === null) {
        const rate = parseRate(process.env[RATE_ENV]);
        if (typeof rate === "string") throw new Error(rate);
        shared = rate === undefined ? undefined : new RateLimiter(rate);
    }
    return shared;
}
