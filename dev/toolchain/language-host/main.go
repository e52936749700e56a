// Command pulumi-language-nodejs is a minimal Node.js language host for the
// Pulumi engine, used by this repository's tests and demo when no Pulumi CLI is
// installed and the upstream language host cannot be built from the Go module
// proxy (it is published as a separate, untagged module that the proxy may not
// serve).
//
// It implements the LanguageRuntime gRPC contract that the engine needs to run
// a Node.js program (`pulumi preview/up/refresh/destroy`) by starting the
// program runner that ships in the program's own `@pulumi/pulumi` package
// (`@pulumi/pulumi/cmd/run`), exactly as the upstream host does. Everything
// else (plugin discovery by package.json, code generation, dependency
// installation) is reported as unimplemented, which the engine tolerates.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// exitCodeLoggedError is the exit code with which the Node.js runner says that
// it already reported the program's error to the engine.
const exitCodeLoggedError = 32

func main() {
	// The engine passes flags (-tracing, -root, ...) and its own address as the
	// last positional argument; unknown flags are ignored on purpose.
	var engineAddress string
	for _, a := range os.Args[1:] {
		if !strings.HasPrefix(a, "-") {
			engineAddress = a
		}
	}
	host := &languageHost{engineAddress: engineAddress}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "could not start the language host: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "language host stopped: %v\n", err)
		os.Exit(1)
	}
}

type languageHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	mu            sync.Mutex
	engineAddress string
}

func (h *languageHost) Handshake(
	_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if req.GetEngineAddress() != "" {
		h.engineAddress = req.GetEngineAddress()
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *languageHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

// GetRequiredPackages reports no packages: the programs this host runs use
// only dynamic providers, which the engine starts on demand.
func (h *languageHost) GetRequiredPackages(
	context.Context, *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

func (h *languageHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info := req.GetInfo()
	programDir := req.GetPwd()
	if info.GetProgramDirectory() != "" {
		programDir = info.GetProgramDirectory()
	}
	runner, err := findRunner(programDir)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	opts := info.GetOptions().AsMap()

	args := nodeArgs(opts)
	args = append(args, runner)
	add := func(flag, value string) {
		if value != "" {
			args = append(args, "--"+flag, value)
		}
	}
	h.mu.Lock()
	add("engine", h.engineAddress)
	h.mu.Unlock()
	add("monitor", req.GetMonitorAddress())
	add("organization", req.GetOrganization())
	add("project", req.GetProject())
	add("root-directory", info.GetRootDirectory())
	add("stack", req.GetStack())
	add("pwd", req.GetPwd())
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	if req.GetQueryMode() {
		args = append(args, "--query-mode")
	}
	if req.GetParallel() > 0 {
		add("parallel", fmt.Sprint(req.GetParallel()))
	}
	entry := info.GetEntryPoint()
	if entry == "" {
		entry = req.GetProgram()
	}
	if entry == "" {
		entry = "."
	}
	args = append(args, entry)
	args = append(args, req.GetArgs()...)

	env, err := runEnv(req, opts)
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, "node", args...)
	cmd.Dir = programDir
	cmd.Env = env
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			if exit.ExitCode() == exitCodeLoggedError {
				return &pulumirpc.RunResponse{Bail: true}, nil
			}
			return &pulumirpc.RunResponse{
				Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exit.ExitCode()),
			}, nil
		}
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not run node: %v", err)}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

// RunPlugin runs a plugin written for Node.js (a policy pack, or a provider)
// with the runner its own @pulumi/pulumi ships (cmd/run-policy-pack or
// cmd/run-plugin), streaming its output back to the engine.
func (h *languageHost) RunPlugin(
	req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer,
) error {
	info := req.GetInfo()
	dir := info.GetProgramDirectory()
	runnerName := "run-plugin"
	if req.GetKind() == "analyzer" {
		runnerName = "run-policy-pack"
	}
	runner, err := findModule(dir, filepath.Join("@pulumi", "pulumi", "cmd", runnerName))
	if err != nil {
		return err
	}
	opts := info.GetOptions().AsMap()
	entry := info.GetEntryPoint()
	if entry == "" {
		entry = "."
	}
	args := append(nodeArgs(opts), runner)
	args = append(args, req.GetArgs()...)
	args = append(args, entry)
	cmd := exec.CommandContext(server.Context(), "node", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), req.GetEnv()...)
	cmd.Stdout = &streamWriter{send: func(b []byte) error {
		return server.Send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stdout{Stdout: b}})
	}}
	cmd.Stderr = &streamWriter{send: func(b []byte) error {
		return server.Send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stderr{Stderr: b}})
	}}
	code := int32(0)
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			return fmt.Errorf("could not run node: %w", err)
		}
		code = int32(exit.ExitCode())
	}
	return server.Send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Exitcode{Exitcode: code}})
}

// streamWriter sends whatever a child process writes as gRPC messages, one
// write at a time (grpc streams must not be written concurrently).
type streamWriter struct {
	send func([]byte) error
}

var sendMu sync.Mutex

func (w *streamWriter) Write(p []byte) (int, error) {
	sendMu.Lock()
	defer sendMu.Unlock()
	if err := w.send(append([]byte(nil), p...)); err != nil {
		return 0, err
	}
	return len(p), nil
}

// findRunner locates @pulumi/pulumi/cmd/run in the program's node_modules.
func findRunner(dir string) (string, error) {
	return findModule(dir, filepath.Join("@pulumi", "pulumi", "cmd", "run"))
}

// findModule locates a module folder in node_modules, searching upwards from
// dir as Node.js would.
func findModule(dir, module string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := abs; ; d = filepath.Dir(d) {
		candidate := filepath.Join(d, "node_modules", module)
		if st, err := os.Stat(candidate); err == nil && st.IsDir() {
			return candidate, nil
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	return "", fmt.Errorf("%s is not installed for the program in %s: run `npm install` there", module, abs)
}

// nodeArgs returns the `nodeargs` runtime option split into arguments.
func nodeArgs(opts map[string]any) []string {
	if s, ok := opts["nodeargs"].(string); ok && strings.TrimSpace(s) != "" {
		return strings.Fields(s)
	}
	return nil
}

// runEnv passes configuration and the TypeScript settings to the runner the
// way the SDK expects them: PULUMI_CONFIG, PULUMI_CONFIG_SECRET_KEYS,
// PULUMI_NODEJS_TYPESCRIPT and PULUMI_NODEJS_TSCONFIG_PATH.
func runEnv(req *pulumirpc.RunRequest, opts map[string]any) ([]string, error) {
	config := req.GetConfig()
	if config == nil {
		config = map[string]string{}
	}
	configJSON, err := json.Marshal(config)
	if err != nil {
		return nil, err
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretJSON, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, err
	}
	env := append(os.Environ(),
		"PULUMI_CONFIG="+string(configJSON),
		"PULUMI_CONFIG_SECRET_KEYS="+string(secretJSON),
	)
	typescript := true
	if v, ok := opts["typescript"].(bool); ok {
		typescript = v
	}
	env = append(env, fmt.Sprintf("PULUMI_NODEJS_TYPESCRIPT=%t", typescript))
	if p, ok := opts["tsconfig"].(string); ok && p != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+p)
	}
	return env, nil
}
