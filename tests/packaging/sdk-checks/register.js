// Declares the plugin's two resources with a generated Node.js SDK under
// Pulumi's mocks (no engine, no plugin) and prints, as JSON, each resource
// registered: its type token, name and inputs as the engine would receive them.
//   node register.js <compiled SDK folder>
const pulumi = require("@pulumi/pulumi");

const registered = [];
pulumi.runtime.setMocks(
    {
        newResource: (args) => {
            registered.push({ type: args.type, name: args.name, inputs: args.inputs });
            return { id: `${args.name}-id`, state: args.inputs };
        },
        call: () => ({}),
    },
    "sdk-check",
    "test",
    false,
);
const sdk = require(process.argv[2]);
const rotation = { every: "90d", stagger: true };
const reset = new sdk.UserPasswordReset("alice", {
    userPoolId: "eu-west-1_AbC123",
    username: "alice",
    rotation,
    clientMetadata: { campaign: "spring" },
});
const pool = new sdk.UserPasswordResets("staff", {
    userPoolId: "eu-west-1_AbC123",
    usernames: ["bob", "carol"],
    rotation,
    initialReset: "scheduled",
    maxResetsPerRun: 45,
});
pulumi.all([reset.urn, pool.urn]).apply(() => setTimeout(() => console.log(JSON.stringify(registered)), 100));
