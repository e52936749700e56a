/**
 * Where secret input values live in the provider process between a resource's
 * `check` and the create or update that follows it in the same process. The
 * engine sees only digests (`core/digest.ts`); a host swaps them back for the
 * values just before a call to Cognito. Each host owns one store, for the
 * life of its process; nothing of it is ever written anywhere.
 */
import { digestOf, isDigest, mapSecretValues, SecretValue } from "../core/digest";

/** The secret values that one host has seen in its process. */
export interface SecretValues {
    /** `props` with every secret value replaced by its digest (a digest stays as it is); the values are kept. */
    toDigests<T extends object>(props: T): T;
    /**
     * `props` with every digest replaced by the value it was made from.
     *
     * @throws Error naming the input and key when this process never saw the
     * value (its check ran elsewhere): no digest is ever sent as a value.
     */
    toValues<T extends object>(props: T, whose: string): T;
}

/** A new, empty store. */
export function createSecretValues(): SecretValues {
    const values = new Map<string, string>();
    const digests = new Map<string, string>();
    const digest = ({ input, key, value }: SecretValue): string => {
        if (isDigest(value)) return value;
        const id = JSON.stringify([input, key, value]);
        let d = digests.get(id);
        if (d === undefined) {
            d = digestOf(input, key, value);
            digests.set(id, d);
            values.set(d, value);
        }
        return d;
    };
    return {
        toDigests: (props) => mapSecretValues(props, digest),
        toValues: (props, whose) =>
            mapSecretValues(props, ({ input, key, value }) => {
                if (!isDigest(value)) return value;
                const v = values.get(value);
                if (v === undefined) {
                    const name = key ? `${input}['${key}']` : input;
                    throw new Error(
                        `${whose}: the value of ${name} is not known in this provider process (its inputs were ` +
                            "checked in another one), so nothing was sent. Run pulumi up again.",
                    );
                }
                return v;
            }),
    };
}
