/**
 * The preview's warning of the daily email quota: one per pool and run, when
 * more resets are due than Cognito's default email sender allows in a day.
 */
import { BatchInputs } from "../core/types";
import { UNKNOWN } from "../core/validation";
import { CognitoApi } from "./cognito-client";
import { PoolRun } from "./pool-run";
import { warn } from "./run-report";

/** The default email sender's daily quota per account, in emails (Cognito's documented quota). */
export const DEFAULT_SENDER_DAILY_EMAILS = 50;

/**
 * At preview (and in the diff of `up`): when more resets are due in this run
 * than the default email sender's daily quota allows, and the pool sends email
 * that way (DescribeUserPool), a warning line with the numbers and the advice.
 * The permission for DescribeUserPool is optional: without it there is no warning.
 */
export async function warnOfEmailQuota(
    cognito: CognitoApi,
    run: PoolRun,
    news: BatchInputs,
    due: number,
): Promise<void> {
    if (news.userPoolId === UNKNOWN) return; // a pool created by the same program: nothing to ask about yet
    run.dueTally += due;
    const allowed = news.maxResetsPerRun ?? Infinity;
    if (run.senderChecked || run.dueTally <= DEFAULT_SENDER_DAILY_EMAILS || allowed <= DEFAULT_SENDER_DAILY_EMAILS)
        return;
    run.senderChecked = true;
    if (run.run.stopReason() || !cognito.emailSender) return;
    const sender = await cognito.emailSender(news).catch(() => undefined);
    if (sender !== "COGNITO_DEFAULT") return;
    // The batches that follow may add to the number; a warning now, with what is known, beats none.
    warn(
        `pool ${news.userPoolId} sends email with Cognito's default sender, which allows about ` +
            `${DEFAULT_SENDER_DAILY_EMAILS} emails a day per account, and at least ${run.dueTally} resets are due in ` +
            "this run. Past the quota Cognito refuses every reset until the next day. Set maxResetsPerRun " +
            `(at most ${DEFAULT_SENDER_DAILY_EMAILS} for this account's pools together), or switch the pool to its own ` +
            "Amazon SES identity (EmailConfiguration EmailSendingAccount DEVELOPER).",
    );
}
