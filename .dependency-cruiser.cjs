// Import rules, checked by `npm run lint` (and so by `npm test`).
// The package is laid out by the process that runs each file:
//   src/program   the user's Pulumi program
//   src/provider  the dynamic-provider process
//   src/policy    the policy pack's process
//   src/plugin    the provider plugin's process (for every Pulumi language)
//   src/core      pure rules used by all
// Imports flow into core (and from the plugin into the provider's hosts),
// never between program, provider and policy, and
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
            comment: "src/core holds pure rules: it imports nothing of program, provider or policy.",
            from: { path: "^src/core/" },
            to: { path: "^src/(program|provider|policy|plugin)/" },
        },
        {
            name: "program-not-provider",
            severity: "error",
            comment: "The program runs in the user's process: it reaches the provider only by the host module's name.",
            from: { path: "^src/program/" },
            to: { path: "^src/(provider|policy)/" },
        },
        {
            name: "provider-not-program",
            severity: "error",
            comment: "The provider process does not load the program's resources.",
            from: { path: "^src/provider/" },
            to: { path: "^src/(program|policy)/" },
        },
        {
            name: "policy-only-core",
            severity: "error",
            comment: "The policy pack's rules use the core alone.",
            from: { path: "^src/policy/" },
            to: { path: "^src/(program|provider)/" },
        },
        {
            name: "plugin-not-program",
            severity: "error",
            comment: "The plugin serves other languages from the provider's hosts; it never loads the program side.",
            from: { path: "^src/plugin/" },
            to: { path: "^src/(program|policy)/" },
        },
        {
            name: "nothing-imports-plugin",
            severity: "error",
            comment: "The plugin is an entry point of its own process.",
            from: { path: "^src/(core|program|provider|policy)/" },
            to: { path: "^src/plugin/" },
        },
        {
            name: "product-not-dev",
            severity: "error",
            comment: "The shipped package never imports the dev kit, tests, the benchmark or scripts.",
            from: { path: "^src/" },
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
