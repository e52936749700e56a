// Import rules, checked by `npm run lint` (and so by `npm test`).
// The package (provider/) is laid out by the process that runs each file:
//   provider/program  the user's Pulumi program
//   provider/host     the provider process: the dynamic-provider host (and the plugin's)
//   provider/policy   the policy pack's process
//   provider/plugin   the provider plugin's process (for every Pulumi language)
//   provider/core     pure rules used by all
// Imports flow into core (and from the plugin into the hosts),
// never between program, host and policy, and
// never in a circle. The product never imports the dev kit, tests or scripts.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
    forbidden: [
        {
            name: "no-circular",
            severity: "error",
            comment: "Modules import each other in a circle.",
            from: {},
            to: { circular: true },
        },
        {
            name: "core-is-pure",
            severity: "error",
            comment: "provider/core holds pure rules: it imports nothing of program, host, policy or plugin.",
            from: { path: "^provider/core/" },
            to: { path: "^provider/(program|host|policy|plugin)/" },
        },
        {
            name: "program-not-host",
            severity: "error",
            comment: "The program runs in the user's process: it reaches the hosts only by the host module's name.",
            from: { path: "^provider/program/" },
            to: { path: "^provider/(host|policy)/" },
        },
        {
            name: "host-not-program",
            severity: "error",
            comment: "The provider process (the hosts) does not load the program's resources.",
            from: { path: "^provider/host/" },
            to: { path: "^provider/(program|policy)/" },
        },
        {
            name: "policy-only-core",
            severity: "error",
            comment: "The policy pack's rules use the core alone.",
            from: { path: "^provider/policy/" },
            to: { path: "^provider/(program|host)/" },
        },
        {
            name: "plugin-not-program",
            severity: "error",
            comment: "The plugin serves other languages from the hosts; it never loads the program side.",
            from: { path: "^provider/plugin/" },
            to: { path: "^provider/(program|policy)/" },
        },
        {
            name: "nothing-imports-plugin",
            severity: "error",
            comment: "The plugin is an entry point of its own process.",
            from: { path: "^provider/(core|program|host|policy)/" },
            to: { path: "^provider/plugin/" },
        },
        {
            name: "product-not-dev",
            severity: "error",
            comment: "The shipped package never imports the dev kit, tests, the benchmark or scripts.",
            from: { path: "^provider/" },
            to: { path: "^(dev|tests|bench|scripts|examples)/" },
        },
        {
            name: "tools-not-tests",
            severity: "error",
            comment: "The dev kit, the benchmark and the demo stand on their own: they do not import the tests.",
            from: { path: "^(dev|bench|scripts)/" },
            to: { path: "^tests/" },
        },
        {
            name: "no-unresolvable",
            severity: "error",
            comment: "An import that resolves to nothing.",
            from: {},
            to: { couldNotResolve: true },
        },
    ],
    options: {
        doNotFollow: { path: "node_modules" },
        exclude: { path: "^(dist|docs|node_modules)/" },
        tsPreCompilationDeps: true,
        tsConfig: { fileName: "tsconfig.json" },
        enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["require", "default", "types"] },
    },
};
