/**
 * Adaptive request rates for the Cognito requests of a provider process, one
 * per quota category: Cognito throttles each category of operations on its
 * own (AdminResetUserPassword in UserAccountRecovery, 30 requests per second;
 * AdminGetUser in UserRead, 120), so throttling in one must never slow the
 * other, and in each region on its own. All resources of a `pulumi up` are
 * served by one provider host process, so a category's limiter in a region is
 * shared by all of them and by every client they use in that region; every
 * HTTP attempt (retries included) takes a slot.
 *
 * Requests are paced evenly, one every `(1000 + JITTER_GUARD_MS) / rate` ms,
 * and a sliding window of `1000 + JITTER_GUARD_MS` ms holds at most the
 * ceiling's worth of starts. Even pacing (unlike bursts) and the guard keep
 * every one-second window at the endpoint within the ceiling despite network
 * jitter, while a fast endpoint is still driven at about 95 % of it.
 *
 * The rate adapts (AIMD, as TCP's congestion control): it starts at the
 * ceiling; a throttling answer multiplies it by {@link DEFAULT_DECREASE}
 * (once per round: answers to attempts that left before the last decrease are
 * not counted again), and every second without one adds a twentieth of the
 * ceiling back, up to the ceiling. So two pipelines that share an account's
 * quota settle on sharing it instead of each being throttled on almost every
 * other request.
 *
 * Written by hand rather than using the AWS SDK's adaptive retry mode. That
 * mode could share one limiter between clients (Smithy's
 * `AdaptiveRetryStrategy` takes a `rateLimiter`), but its limiter only starts
 * pacing after the first throttling answer, so every run opens with a burst
 * at the full concurrency; and it comes with the standard retry quota, which a
 * large throttled run drains and which then fails calls that one more wait
 * would have let through. Here every category is paced from the first
 * request, evenly rather than in bursts, and the retries are bounded by
 * attempts alone (`retry.ts`).
 */
import { isDailyEmailLimit } from "../core/error-codes";

/** Cognito's default quota for the account-recovery category (AdminResetUserPassword), in requests per second. */
export const DEFAULT_REQUESTS_PER_SECOND = 30;
/** The environment variable that sets the ceiling of the account-recovery category (`0` or `off` turns every limiter off). */
export const RATE_ENV = "PULUMI_COGNITO_PASSWORD_RESET_RATE";

/**
 * A request can reach Cognito later than it left, by a varying delay. The
 * limiter counts windows of 1,000 ms plus this guard, so that even with that
 * much jitter no one-second window at the endpoint holds more than the limit;
 * it costs under 5 % of the rate.
 */
export const JITTER_GUARD_MS = 50;

/** The factor a throttling answer applies to the rate. */
export const DEFAULT_DECREASE = 0.7;
/** The share of the ceiling added back per second without throttling. */
export const DEFAULT_INCREASE_SHARE = 0.05;

export interface Clock {
    now(): number;
    sleep(ms: number): Promise<void>;
}

const realClock: Clock = {
    now: () => performance.timeOrigin + performance.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** How the rate adapts; every field has a default. */
export interface Adaptation {
    /** The factor a throttling answer applies to the rate (1: no decrease). @default {@link DEFAULT_DECREASE} */
    decrease?: number;
    /** Requests per second added back per second without throttling. @default a twentieth of the ceiling ({@link DEFAULT_INCREASE_SHARE}) */
    increasePerSecond?: number;
    /** The rate never goes below this. @default 1 request per second, or the ceiling if lower */
    minimum?: number;
}

/**
 * An adaptive limiter: requests paced evenly at the current rate, at most
 * `perSecond` (the ceiling) starts in any window of 1,000 ms plus the guard.
 * Report each attempt's outcome with {@link RateLimiter.succeeded} or
 * {@link RateLimiter.throttled} and the rate follows what the endpoint allows.
 */
export class RateLimiter {
    private readonly starts: number[] = [];
    private queue: Promise<unknown> = Promise.resolve();
    private last = -Infinity;
    private current: number;
    private lastDecrease = -Infinity;
    private lastChange: number;
    private readonly decrease: number;
    private readonly increasePerSecond: number;
    private readonly minimum: number;

    constructor(
        /** The ceiling, in requests per second. */
        readonly perSecond: number,
        private readonly clock: Clock = realClock,
        adaptation: Adaptation = {},
    ) {
        if (!(perSecond > 0) || !Number.isFinite(perSecond))
            throw new Error(`a rate limit must be a positive number, got ${perSecond}`);
        this.decrease = adaptation.decrease ?? DEFAULT_DECREASE;
        this.increasePerSecond = adaptation.increasePerSecond ?? perSecond * DEFAULT_INCREASE_SHARE;
        this.minimum = Math.min(perSecond, adaptation.minimum ?? 1);
        if (!(this.decrease > 0 && this.decrease <= 1)) throw new Error("decrease must be in (0, 1]");
        if (!(this.increasePerSecond >= 0)) throw new Error("increasePerSecond must be >= 0");
        if (!(this.minimum > 0)) throw new Error("minimum must be positive");
        this.current = perSecond;
        this.lastChange = clock.now();
    }

    /** The current rate, in requests per second (between the minimum and the ceiling). */
    get rate(): number {
        return this.current;
    }

    /**
     * Resolves when a request may start, with the time it started (pass it to
     * {@link succeeded} or {@link throttled}); requests start in the order they asked.
     */
    acquire(): Promise<number> {
        const turn = this.queue.then(() => this.waitForSlot());
        this.queue = turn;
        return turn;
    }

    /**
     * An attempt that started at `startedAt` was answered without throttling:
     * additive increase (answers to attempts that left before the last
     * decrease do not count).
     */
    succeeded(startedAt: number): void {
        if (startedAt < this.lastDecrease) return;
        const now = this.clock.now();
        if (this.current < this.perSecond) {
            const gained = (this.increasePerSecond * Math.max(0, now - this.lastChange)) / 1000;
            this.current = Math.min(this.perSecond, this.current + gained);
        }
        this.lastChange = now;
    }

    /**
     * An attempt that started at `startedAt` was throttled: multiplicative
     * decrease, unless it left before the last decrease (it tells nothing
     * about the rate since).
     */
    throttled(startedAt: number): void {
        if (startedAt < this.lastDecrease) return;
        const now = this.clock.now();
        this.current = Math.max(this.minimum, this.current * this.decrease);
        this.lastDecrease = now;
        this.lastChange = now;
    }

    private async waitForSlot(): Promise<number> {
        const limit = Math.max(1, Math.floor(this.perSecond));
        const windowMs = 1000 + JITTER_GUARD_MS;
        for (;;) {
            const now = this.clock.now();
            while (this.starts.length > 0 && this.starts[0] <= now - windowMs) this.starts.shift();
            const windowWait = this.starts.length < limit ? 0 : this.starts[0] + windowMs - now + 0.5;
            const paceWait = this.last + windowMs / this.current - now;
            if (windowWait <= 0 && paceWait <= 0) {
                this.starts.push(now);
                this.last = now;
                return now;
            }
            await this.clock.sleep(Math.max(windowWait, paceWait, 0.5));
        }
    }
}

/** How an attempt's answer counts for the rate: throttled, answered (any other service answer), or neither. */
export type AttemptSignal = "throttled" | "answered" | "none";

/**
 * Classifies an attempt's error for the limiter: TooManyRequestsException and
 * a LimitExceededException other than the daily email limit are throttling;
 * the daily email limit, 5xx and connection errors say nothing about the rate;
 * any other answer from the service means the request was let through.
 */
export function attemptSignal(err: unknown): AttemptSignal {
    const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
    const status = e?.$metadata?.httpStatusCode;
    if (e?.name === "TooManyRequestsException" || status === 429) return "throttled";
    if (e?.name === "LimitExceededException") return isDailyEmailLimit(e.message) ? "none" : "throttled";
    if (status !== undefined && status >= 400 && status < 500) return "answered";
    return "none";
}

/**
 * Cognito's request-rate quota categories that this package's calls fall in:
 * the operations each holds, its default quota in requests per second (per
 * account and region), and the environment variable that sets the ceiling
 * of its limiter. Operations in no category here (DescribeUserPool, at most
 * once per pool and run) are not paced.
 */
export const QUOTA_CATEGORIES = {
    UserAccountRecovery: {
        operations: ["AdminResetUserPassword"],
        defaultPerSecond: DEFAULT_REQUESTS_PER_SECOND,
        env: RATE_ENV,
    },
    UserRead: { operations: ["AdminGetUser"], defaultPerSecond: 120, env: "PULUMI_COGNITO_PASSWORD_RESET_READ_RATE" },
    UserList: {
        operations: ["ListUsers", "ListUsersInGroup"],
        defaultPerSecond: 30,
        env: "PULUMI_COGNITO_PASSWORD_RESET_LIST_RATE",
    },
} as const;

/** A quota category of {@link QUOTA_CATEGORIES}. */
export type QuotaCategory = keyof typeof QUOTA_CATEGORIES;

/** The category of an operation (`AdminGetUser`, or its command's name `AdminGetUserCommand`), if it is paced. */
export function categoryOf(operation: string): QuotaCategory | undefined {
    const name = operation.replace(/Command$/, "");
    return (Object.keys(QUOTA_CATEGORIES) as QuotaCategory[]).find((c) =>
        (QUOTA_CATEGORIES[c].operations as readonly string[]).includes(name),
    );
}

/**
 * Parses a category's ceiling setting: a positive number, or 0/off for none;
 * unset or empty is the category's default. A problem is returned as text naming the variable.
 */
export function parseRate(
    value: string | undefined,
    category: QuotaCategory = "UserAccountRecovery",
): number | undefined | string {
    const { defaultPerSecond, env } = QUOTA_CATEGORIES[category];
    if (value === undefined || value.trim() === "") return defaultPerSecond;
    const v = value.trim().toLowerCase();
    if (v === "0" || v === "off" || v === "none") return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0)
        return `${env} must be a positive number of requests per second, or 0/off; got '${value}'`;
    return n;
}

type Env = Record<string, string | undefined>;

/**
 * The ceiling of each category's limiter, from the environment: its own
 * variable, or its default; {@link RATE_ENV} set to `off` turns every
 * limiter off (no client-side limit at all). Problems name the variable.
 */
export function categoryRates(env: Env = process.env): {
    rates: Record<QuotaCategory, number | undefined>;
    problems: string[];
} {
    const problems: string[] = [];
    const allOff = parseRate(env[RATE_ENV]) === undefined;
    const rates = {} as Record<QuotaCategory, number | undefined>;
    for (const category of Object.keys(QUOTA_CATEGORIES) as QuotaCategory[]) {
        const rate = parseRate(env[QUOTA_CATEGORIES[category].env], category);
        if (typeof rate === "string") problems.push(rate);
        rates[category] = allOff || typeof rate === "string" ? undefined : rate;
    }
    return { rates, problems };
}

/** The limiters of each region, by quota category (Cognito's quotas are per account and region). */
let limiters = new Map<string, Record<QuotaCategory, RateLimiter | undefined>>();

/** For tests: the next request makes the limiters anew, from the environment as it is then. */
export function resetCategoryLimiters(): void {
    limiters = new Map();
}

/**
 * The process's limiter of `category` in `region` of `account` (its ceiling
 * from the environment, see {@link categoryRates}), or undefined when it is
 * turned off. Each account and region has its own, as Cognito's quotas are:
 * pools in two regions, or in two accounts, each run at their own quota.
 * `account` is "" while the process uses one credential setting. A client
 * whose region the SDK resolves itself (none given, none in the pool id)
 * shares the limiters of `region` undefined.
 *
 * @throws Error naming the variable when a ceiling setting is invalid.
 */
export function categoryLimiter(category: QuotaCategory, region?: string, account = ""): RateLimiter | undefined {
    const key = `${account}|${region ?? ""}`;
    let ofRegion = limiters.get(key);
    if (!ofRegion) {
        const { rates, problems } = categoryRates();
        if (problems.length > 0) throw new Error(problems.join("; "));
        ofRegion = {} as Record<QuotaCategory, RateLimiter | undefined>;
        for (const c of Object.keys(rates) as QuotaCategory[]) {
            const rate = rates[c];
            ofRegion[c] = rate === undefined ? undefined : new RateLimiter(rate);
        }
        limiters.set(key, ofRegion);
    }
    return ofRegion[category];
}
