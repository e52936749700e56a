/**
 * The plugin's provider configuration, run in the plugin process: `region`,
 * `profile` and `assumeRole` given to a provider instance (or, for the
 * default provider, as `cognito-password-reset:*` stack config), as the aws
 * provider takes them. A YAML, Python or Go program declares one instance
 * per account and passes one to each resource; where a resource gives one of
 * these inputs itself, the resource's wins.
 *
 * Pulumi's Node.js provider server does not pass the configuration on to a
 * provider (its Configure only answers), so {@link serveConfiguration} answers
 * CheckConfig, DiffConfig and Configure for it, and the rest of the gRPC
 * service stays the server's.
 */
import { createRequire } from "node:module";
import { CheckFailure, ruleFailures, UNKNOWN } from "../core/validation";
import { digestOf, isDigest } from "../core/digest";
import { AssumeRole, CONFIG_INPUTS } from "../core/access";
import { rememberAccess } from "../host/credentials";
import { unwrapSecrets } from "./envelope";

/** A provider instance's configuration. */
export interface ProviderConfig {
    region?: string;
    profile?: string;
    assumeRole?: AssumeRole;
}

type Props = Record<string, unknown>;

/** The configuration's problems, each naming its field, as CheckConfig reports them. */
export function configFailures(config: Props): CheckFailure[] {
    const failures: CheckFailure[] = [];
    for (const name of Object.keys(config)) {
        if (!(CONFIG_INPUTS as readonly string[]).includes(name)) {
            failures.push({
                property: name,
                reason: `${name} is not a setting of the cognito-password-reset provider (it takes ${CONFIG_INPUTS.join(", ")})`,
            });
        }
    }
    for (const name of CONFIG_INPUTS) {
        const v = config[name];
        if (v === undefined || v === null || v === UNKNOWN) continue;
        // A region is checked against no pool id here: each resource checks it against its own.
        failures.push(...ruleFailures(name, v, {}));
    }
    return failures;
}

/** A resource's inputs with the configuration's settings it does not give itself. */
export function withConfiguration(news: Props, config: ProviderConfig): Props {
    const out: Props = { ...news };
    for (const name of CONFIG_INPUTS) {
        if ((out[name] === undefined || out[name] === null) && config[name] !== undefined) out[name] = config[name];
    }
    return out;
}

/**
 * The configuration a provider instance holds, for the life of its process:
 * what CheckConfig checked (with `assumeRole.externalId` as its digest, so
 * that the engine records and prints no value) and the values behind the
 * digests, for the calls.
 */
export class Configuration {
    /** The configuration in force (the values, not digests), set by Configure. */
    current: ProviderConfig = {};
    private readonly externalIds = new Map<string, string>();

    /** CheckConfig: the configuration's failures, and the inputs to record (an external id as its digest). */
    check(news: Props): { inputs: Props; failures: CheckFailure[] } {
        const config = unwrapSecrets(pickConfig(news)) as Props;
        const failures = configFailures(config);
        const role = config.assumeRole as Props | undefined;
        const id = role?.externalId;
        if (typeof id !== "string" || isDigest(id) || id === UNKNOWN || failures.length > 0)
            return { inputs: news, failures };
        const digest = digestOf("assumeRole", "externalId", id);
        this.externalIds.set(digest, id);
        return { inputs: { ...news, assumeRole: { ...role, externalId: digest } }, failures };
    }

    /** Configure: the configuration in force from now on, its external id the value again where known. */
    configure(args: Props): void {
        const config = unwrapSecrets(pickConfig(args)) as ProviderConfig;
        const id = config.assumeRole?.externalId;
        if (config.assumeRole && id !== undefined && isDigest(id) && this.externalIds.has(id))
            config.assumeRole = { ...config.assumeRole, externalId: this.externalIds.get(id) };
        rememberAccess(config);
        this.current = config;
    }
}

/** The configuration's settings of a property bag, each parsed from JSON when it came as config text. */
function pickConfig(props: Props): Props {
    const out: Props = {};
    for (const name of CONFIG_INPUTS) {
        let v = props[name];
        if (name === "assumeRole" && typeof v === "string" && v.trim().startsWith("{")) {
            try {
                v = JSON.parse(v);
            } catch {
                // Left as it is: the rule names what is wrong with it.
            }
        }
        if (v !== undefined && v !== null && v !== "") out[name] = v;
    }
    // Settings the engine adds to every provider's inputs are not the user's.
    const engineOwn = ["version", "pluginDownloadURL"];
    for (const name of Object.keys(props)) {
        const known = (CONFIG_INPUTS as readonly string[]).includes(name);
        if (!known && !engineOwn.includes(name) && !name.startsWith("__")) out[name] = props[name];
    }
    return out;
}

/** The configuration settings of Configure's `variables` (`cognito-password-reset:config:region`, …). */
export function fromVariables(variables: { toArray(): [string, string][] } | [string, string][]): Props {
    const out: Props = {};
    for (const [key, value] of Array.isArray(variables) ? variables : variables.toArray()) {
        out[key.slice(key.lastIndexOf(":") + 1)] = value;
    }
    return out;
}

type Callback = (err: unknown, resp?: unknown) => void;
/** The parts of the gRPC requests and messages used here (Pulumi's generated protobuf classes). */
interface Struct {
    toJavaScript(): Props;
}
interface Request {
    getNews(): Struct | undefined;
    getOlds(): Struct | undefined;
    getArgs(): Struct | undefined;
    getVariablesMap(): { toArray(): [string, string][] };
}
type Call = { request: Request };
type Handler = (call: Call, callback: Callback) => void;
type Service = Record<string, unknown>;
interface Message {
    [setter: string]: (value: unknown) => unknown;
}
interface Protos {
    CheckResponse: new () => Message;
    CheckFailure: new () => Message;
    DiffResponse: (new () => Message) & { DiffChanges: { DIFF_NONE: number; DIFF_SOME: number } };
}

const js = (s: Struct | undefined): Props => s?.toJavaScript() ?? {};

/** The three handlers, answering for `configuration` (`impl` answers the rest, and Configure's reply). */
function handlers(configuration: Configuration, impl: Service, proto: Protos, fromJs: (p: Props) => unknown) {
    return {
        checkConfig(call: Call, callback: Callback) {
            const { inputs, failures } = configuration.check(js(call.request.getNews()));
            const resp = new proto.CheckResponse();
            resp.setInputs(fromJs(inputs));
            resp.setFailuresList(
                failures.map((f) => {
                    const failure = new proto.CheckFailure();
                    failure.setProperty(f.property);
                    failure.setReason(f.reason);
                    return failure;
                }),
            );
            callback(undefined, resp);
        },
        diffConfig(call: Call, callback: Callback) {
            const olds = unwrapSecrets(pickConfig(js(call.request.getOlds()))) as Props;
            const news = unwrapSecrets(pickConfig(js(call.request.getNews()))) as Props;
            const changed = CONFIG_INPUTS.filter((k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k]));
            const resp = new proto.DiffResponse();
            // How the pools are reached changed, not which pools: never a replacement, so never a reset.
            const { DIFF_NONE, DIFF_SOME } = proto.DiffResponse.DiffChanges;
            resp.setChanges(changed.length ? DIFF_SOME : DIFF_NONE);
            resp.setDiffsList(changed);
            callback(undefined, resp);
        },
        configure(call: Call, callback: Callback) {
            const args = js(call.request.getArgs());
            configuration.configure(
                Object.keys(args).length > 0 ? args : fromVariables(call.request.getVariablesMap()),
            );
            (impl.configure as Handler).call(impl, call, callback);
        },
    } satisfies Record<string, Handler>;
}

/**
 * Starts answering CheckConfig, DiffConfig and Configure of the gRPC service
 * that Pulumi's provider server registers next, for `configuration`. Call it
 * before `provider.main`.
 */
export function serveConfiguration(configuration: Configuration): void {
    const fromPulumi = createRequire(require.resolve("@pulumi/pulumi"));
    const grpc = fromPulumi("@grpc/grpc-js") as { Server: { prototype: Service } };
    const proto = fromPulumi("./proto/provider_pb") as Protos;
    const { Struct } = fromPulumi("google-protobuf/google/protobuf/struct_pb") as {
        Struct: { fromJavaScript(p: Props): unknown };
    };
    const addService = grpc.Server.prototype.addService as (this: unknown, s: unknown, impl: Service) => void;
    grpc.Server.prototype.addService = function (this: unknown, service: unknown, impl: Service) {
        const own: Service = handlers(configuration, impl, proto, (p) => Struct.fromJavaScript(p));
        const wrapped = new Proxy(impl, {
            get: (target, name) => {
                if (typeof name === "string" && name in own) return own[name];
                const v = (target as Service)[name as string];
                return typeof v === "function" ? v.bind(target) : v;
            },
        });
        return addService.call(this, service, wrapped);
    };
}
