#!/usr/bin/env node
/**
 * The provider plugin's entry point, `pulumi-resource-cognito-password-reset`:
 * the engine starts it, and it serves the plugin's resources (`provider.ts`)
 * over gRPC with Pulumi's provider server until the engine stops it.
 */
import * as provider from "@pulumi/pulumi/provider";
import * as path from "node:path";
import { pluginProvider } from "./provider";
import { Configuration, serveConfiguration } from "./configuration";

/** The package's version (the plugin's, as the engine and the schema know it) and, in a release, its repository. */
const PACKAGE: { version: string; repository?: { url?: string } } = require(
    path.join(__dirname, "..", "..", "package.json"),
);

const configuration = new Configuration();
serveConfiguration(configuration);
provider
    .main(pluginProvider(PACKAGE.version, PACKAGE.repository?.url, configuration), process.argv.slice(2))
    .catch((err: unknown) => {
        console.error(err);
        process.exit(1);
    });
