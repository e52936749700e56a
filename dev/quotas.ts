/**
 * What production Cognito answers and moto does not: the 13 documented errors
 * of AdminResetUserPassword, the account's request-rate quota (a token
 * bucket), the default email sender's daily quota, and a custom-message Lambda
 * trigger that echoes ClientMetadata. The recording proxy (`proxy.ts`) plays
 * them in front of moto.
 *
 * Written by hand because it emulates Cognito's own answers (names, HTTP
 * status, wording, quotas): no emulator or mocking package reproduces them,
 * and an HTTP-level fake keeps the AWS SDK's real parsing and retries in the
 * path. Sources: the AdminResetUserPassword API reference (its Errors) and
 * the Cognito developer guide's Quotas and email settings pages.
 */

/** Cognito's documented errors of AdminResetUserPassword. */
export const COGNITO_ERRORS = [
    "InternalErrorException",
    "TooManyRequestsException",
    "LimitExceededException",
    "NotAuthorizedException",
    "UserNotFoundException",
    "ResourceNotFoundException",
    "InvalidParameterException",
    "UserLambdaValidationException",
    "UnexpectedLambdaException",
    "InvalidLambdaResponseException",
    "InvalidEmailRoleAccessPolicyException",
    "InvalidSmsRoleAccessPolicyException",
    "InvalidSmsRoleTrustRelationshipException",
] as const;

/** One of Cognito's documented errors of AdminResetUserPassword. */
export type CognitoErrorName = (typeof COGNITO_ERRORS)[number];

/** An answer of Cognito's JSON 1.1 protocol: status, `x-amzn-ErrorType` and `{"__type", "message"}`. */
export interface ErrorAnswer {
    status: number;
    type: string;
    message: string;
}

/** The daily email quota's message, as the default email sender's LimitExceededException carries it. */
export const DAILY_EMAIL_LIMIT_MESSAGE =
    "Exceeded daily email limit for the operation or the account. If a higher limit is required, please configure your user pool to use your own Amazon SES configuration for sending email.";

/** The request-rate quota's message (TooManyRequestsException). */
export const TOO_MANY_REQUESTS_MESSAGE = "Too many requests";

/** The emails a pool with Cognito's default sender may send per account and day. */
export const DEFAULT_DAILY_EMAILS = 50;

/**
 * Cognito's answer for `name`, with a realistic message for a request of
 * `body` (the pool id, where Cognito names it, is taken from the request).
 */
export function cognitoError(name: CognitoErrorName, body: Record<string, unknown> = {}): ErrorAnswer {
    const pool = String(body.UserPoolId ?? "eu-west-1_EXAMPLE");
    const account = "123456789012";
    const messages: Record<CognitoErrorName, string> = {
        InternalErrorException: "Internal server error.",
        TooManyRequestsException: TOO_MANY_REQUESTS_MESSAGE,
        LimitExceededException: DAILY_EMAIL_LIMIT_MESSAGE,
        NotAuthorizedException: "User is disabled.",
        UserNotFoundException: "User does not exist.",
        ResourceNotFoundException: `User pool ${pool} does not exist.`,
        InvalidParameterException:
            "Cannot reset password for the user as there is no registered/verified email or phone_number",
        UserLambdaValidationException: "CustomMessage failed with error Invalid request.",
        UnexpectedLambdaException: "CustomMessage invocation failed due to error TimeOut.",
        InvalidLambdaResponseException: "Unrecognizable lambda output",
        InvalidEmailRoleAccessPolicyException: `Cognito is not allowed to use your email identity arn:aws:ses:eu-west-1:${account}:identity/no-reply@example.com.`,
        InvalidSmsRoleAccessPolicyException: `Role arn:aws:iam::${account}:role/CognitoSms does not have permission to publish with SNS`,
        InvalidSmsRoleTrustRelationshipException: `Role arn:aws:iam::${account}:role/CognitoSms cannot be assumed by Cognito: check its trust relationship`,
    };
    return { status: name === "InternalErrorException" ? 500 : 400, type: name, message: messages[name] };
}

/**
 * The custom-message trigger's refusal of a request with ClientMetadata: a
 * UserLambdaValidationException whose text echoes the metadata verbatim, as a
 * trigger that validates it and quotes what it got does.
 */
export function triggerEcho(clientMetadata: unknown): ErrorAnswer {
    return {
        status: 400,
        type: "UserLambdaValidationException",
        message: `CustomMessage failed with error Bad metadata: ${JSON.stringify(clientMetadata)}.`,
    };
}

/** A monotonic clock in milliseconds (injectable for tests of the bucket itself). */
export type Now = () => number;

/**
 * The account's request-rate quota for a category of operations: a token
 * bucket of `burst` tokens refilled at `perSecond`, shared by every caller.
 * A request takes a token or is throttled.
 */
export class TokenBucket {
    private tokens: number;
    private last: number;
    /** Requests that found a token. */
    accepted = 0;
    /** Requests that found the bucket empty. */
    throttled = 0;

    constructor(
        readonly perSecond: number,
        readonly burst: number,
        private readonly now: Now = () => performance.now(),
    ) {
        if (!(perSecond > 0) || !(burst >= 1)) throw new Error("a token bucket needs perSecond > 0 and burst >= 1");
        this.tokens = burst;
        this.last = now();
    }

    /** Takes a token: true when the request is within the quota. */
    take(): boolean {
        const t = this.now();
        this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.perSecond);
        this.last = t;
        if (this.tokens >= 1) {
            this.tokens -= 1;
            this.accepted++;
            return true;
        }
        this.throttled++;
        return false;
    }
}

/** The request-rate quota: a token bucket shared by every caller of the proxy, or one per region. */
export interface RateQuota {
    perSecond: number;
    burst: number;
    /** The operations it counts. @default ["AdminResetUserPassword"] (the account-recovery category) */
    operations?: string[];
    /** One bucket per region the requests are signed for, as Cognito's quotas are. @default false (one bucket) */
    perRegion?: boolean;
    /** One bucket per account the signing key belongs to ({@link accountOfKey}), as Cognito's quotas are. @default false */
    perAccount?: boolean;
}

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
/** The first account number of the key id scheme (base32 "QAAAAAAA"). */
const ACCOUNT_OFFSET = 549_755_813_888;

/**
 * The account an access key id belongs to, as AWS encodes it (and moto's
 * STS does too): after the 4-character prefix, 8 base32 characters hold half
 * the account number plus an offset, and the next one's half of the alphabet
 * says whether it is odd. Another key (the tests' dummy one) stands for itself.
 *
 * @example accountOfKey("ASIARTXV5AHDxxxxxxxx") // "111111111111" (with the 13th character in the lower half)
 */
export function accountOfKey(key: string): string {
    const digits = key
        .slice(4, 12)
        .split("")
        .map((c) => BASE32.indexOf(c));
    const odd = BASE32.indexOf(key[12] ?? "");
    if (key.length < 13 || digits.includes(-1) || odd < 0) return key;
    const half = digits.reduce((n, d) => n * 32 + d, 0) - ACCOUNT_OFFSET;
    const account = half * 2 + (odd >= 16 ? 1 : 0);
    return half >= 0 && account <= 999_999_999_999 ? String(account).padStart(12, "0") : key;
}

/**
 * The request-rate quota as the proxy plays it: one {@link TokenBucket} for
 * every caller, or one per region the requests are signed for.
 */
export class RateQuotaBuckets {
    private readonly buckets = new Map<string, TokenBucket>();
    private readonly operations: string[];

    constructor(private readonly quota: RateQuota) {
        this.operations = quota.operations ?? ["AdminResetUserPassword"];
    }

    /** The bucket of a request: its account's and region's, as far as the quota keeps them apart. */
    private keyOf(region: string | undefined, accessKeyId: string | undefined): string {
        const account = this.quota.perAccount ? accountOfKey(accessKeyId ?? "") : "";
        return `${account}|${this.quota.perRegion ? (region ?? "") : ""}`;
    }

    /** Takes a token for a request: true when it is within the quota (or not of its operations). */
    take(operation: string, region: string | undefined, accessKeyId?: string): boolean {
        if (!this.operations.includes(operation)) return true;
        const key = this.keyOf(region, accessKeyId);
        let bucket = this.buckets.get(key);
        if (!bucket) this.buckets.set(key, (bucket = new TokenBucket(this.quota.perSecond, this.quota.burst)));
        return bucket.take();
    }

    /** Requests let through and throttled, in all or (with a quota per region or account) in `region` of `account`. */
    stats(region?: string, account?: string): { accepted: number; throttled: number } {
        const counted = [...this.buckets].filter(([key]) => {
            const [a, r] = key.split("|");
            return (region === undefined || r === region) && (account === undefined || a === account);
        });
        return {
            accepted: counted.reduce((n, [, b]) => n + b.accepted, 0),
            throttled: counted.reduce((n, [, b]) => n + b.throttled, 0),
        };
    }
}

/**
 * The default email sender's daily quota: each successful reset of an
 * account's user sends one email; past `perDay` of them the account's resets
 * are refused until {@link EmailQuota.newDay}. A reset takes its email when it
 * starts (so concurrent resets cannot overshoot) and gives it back if it fails.
 */
export class EmailQuota {
    private readonly sent = new Map<string, number>();

    constructor(readonly perDay: number = DEFAULT_DAILY_EMAILS) {
        if (!(perDay >= 0)) throw new Error("an email quota must be >= 0");
    }

    /** Takes one of today's emails for `account`: false when they are used up. */
    take(account: string): boolean {
        const n = this.sent.get(account) ?? 0;
        if (n >= this.perDay) return false;
        this.sent.set(account, n + 1);
        return true;
    }

    /** Gives back an email taken for a reset that sent none (it failed). */
    giveBack(account: string): void {
        this.sent.set(account, Math.max(0, (this.sent.get(account) ?? 0) - 1));
    }

    /** Emails sent today by `account`. */
    sentBy(account: string): number {
        return this.sent.get(account) ?? 0;
    }

    /** A new day: every account may send `perDay` emails again. */
    newDay(): void {
        this.sent.clear();
    }
}
