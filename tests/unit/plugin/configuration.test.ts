/**
 * Unit tier: the plugin's provider configuration, as the README's "Several
 * accounts and regions" says: `region`, `profile` and `assumeRole` for every
 * resource a provider instance serves, the resource's own inputs winning, an
 * external id recorded only as its digest, and bad settings refused naming
 * the field.
 */
import assert from "node:assert/strict";
import {
    configFailures,
    Configuration,
    fromVariables,
    withConfiguration,
} from "../../../provider/plugin/configuration";
import { isDigest } from "../../../provider/core/digest";

const ROLE_A = "arn:aws:iam::111111111111:role/rotator";
const ROLE_B = "arn:aws:iam::222222222222:role/rotator";
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

describe("plugin: the provider configuration", () => {
    it("GIVEN a configuration WHEN a resource gives some of its settings THEN the resource's win and the rest come from the provider", () => {
        const config = { region: "eu-west-1", profile: "ops", assumeRole: { roleArn: ROLE_A } };
        assert.deepEqual(withConfiguration({ userPoolId: "eu-west-1_A", assumeRole: { roleArn: ROLE_B } }, config), {
            userPoolId: "eu-west-1_A",
            assumeRole: { roleArn: ROLE_B },
            region: "eu-west-1",
            profile: "ops",
        });
        assert.deepEqual(withConfiguration({ userPoolId: "eu-west-1_A" }, {}), { userPoolId: "eu-west-1_A" });
    });

    it("GIVEN bad settings WHEN checked THEN each failure names its field; unknown settings are refused", () => {
        const failures = configFailures({ region: "Europe", assumeRole: { roleArn: "rotator" }, regoin: "eu-west-1" });
        assert.deepEqual(
            failures.map((f) => f.property),
            ["regoin", "region", "assumeRole"],
        );
        assert.match(failures[0].reason, /^regoin is not a setting of the cognito-password-reset provider/);
        assert.deepEqual(configFailures({ region: "eu-west-1", profile: "ops", assumeRole: { roleArn: ROLE_A } }), []);
    });

    it("GIVEN a secret external id WHEN checked and then configured THEN the recorded inputs hold its digest, and the configuration in force holds the value", () => {
        const configuration = new Configuration();
        const news = {
            assumeRole: {
                roleArn: ROLE_A,
                externalId: { [SECRET_SIG]: "1b47061264138c4ac30d75fd1eb44270", value: "ext-42" },
            },
        };
        const { inputs, failures } = configuration.check(news);
        assert.deepEqual(failures, []);
        const recorded = (inputs.assumeRole as { externalId: string }).externalId;
        assert.ok(isDigest(recorded), "the external id was recorded as it is");
        assert.ok(!JSON.stringify(inputs).includes("ext-42"));
        configuration.configure(inputs);
        assert.deepEqual(configuration.current, { assumeRole: { roleArn: ROLE_A, externalId: "ext-42" } });
    });

    it("GIVEN the default provider's stack config WHEN configured from its variables THEN assumeRole is read from its JSON text", () => {
        const configuration = new Configuration();
        configuration.configure(
            fromVariables([
                ["cognito-password-reset:config:region", "eu-west-1"],
                ["cognito-password-reset:config:assumeRole", JSON.stringify({ roleArn: ROLE_B })],
            ]),
        );
        assert.deepEqual(configuration.current, { region: "eu-west-1", assumeRole: { roleArn: ROLE_B } });
    });
});
