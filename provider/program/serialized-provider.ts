/**
 * Runs in both processes: declared in the user's program, which serializes
 * it, and run in the dynamic-provider process, which deserializes it. The one
 * file of the package that does.
 *
 * The dynamic provider that Pulumi serializes into the state of every
 * resource of this package. It is deliberately tiny and stays the same from
 * release to release: each method loads the installed package's host module
 * by name, in the dynamic-provider process, and calls the same method there.
 * So the state holds a few hundred bytes of provider instead of the whole
 * implementation, and upgrading the package changes no resource: only the
 * declared inputs decide.
 */
import type * as pulumi from "@pulumi/pulumi";

/** The module the serialized provider loads in the provider host, by package name. */
const HOST_MODULE = "pulumi-cognito-password-reset/provider-host";

/** A provider that forwards each call to `exportName` of the host module (`host/provider-host.ts`). */
export function loadingProvider(
    exportName: "provider" | "batchProvider" | "layoutProvider",
): pulumi.dynamic.ResourceProvider {
    return {
        check: (olds, news) => require(HOST_MODULE)[exportName].check(olds, news),
        diff: (id, olds, news) => require(HOST_MODULE)[exportName].diff(id, olds, news),
        create: (inputs) => require(HOST_MODULE)[exportName].create(inputs),
        update: (id, olds, news) => require(HOST_MODULE)[exportName].update(id, olds, news),
        read: (id, props) => require(HOST_MODULE)[exportName].read(id, props),
        delete: (id, props) => require(HOST_MODULE)[exportName].delete(id, props),
    };
}
