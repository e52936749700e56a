/**
 * The operating scenarios of `npm run bench`, measured in the same run as the
 * table of ways (bench.ts):
 *   1. nightly: a 10,000-user pool on a 90-day stagger, adopted with
 *      `initialReset: "scheduled"`, then typical nights at the default rate;
 *   2. shared quota: two `pulumi up` runs at once against one account's
 *      request-rate quota (30/s, burst 5), with the package's default adaptive
 *      limit and with no client-side limit;
 *   3. email quota: a 10,000-user pool on the default sender's daily quota of 50.
 * Each, in a scenario-*.ts of its own, returns raw numbers (results.json) and
 * writes a table for RESULTS.md; this file puts them together.
 */
import { emailQuotaTable, EmailQuotaRun } from "./scenario-email-quota";
import { Nightly, nightlyTable } from "./scenario-nightly";
import { SharedQuota, sharedQuotaTable } from "./scenario-shared-quota";

/** The raw numbers of the scenarios, for results.json. */
export interface Scenarios {
    nightly?: Nightly;
    sharedQuota: SharedQuota[];
    emailQuota?: EmailQuotaRun;
}

/** The scenarios' sections of RESULTS.md. */
export function scenarioSections(s: Scenarios): string {
    return [s.nightly ? nightlyTable(s.nightly) : "", sharedQuotaTable(s.sharedQuota), emailQuotaTable(s.emailQuota)]
        .filter((x) => x)
        .join("\n");
}
