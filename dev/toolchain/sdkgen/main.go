// Command pulumi-cognito-password-reset-sdkgen writes the Node.js, Python or Go
// SDK of a Pulumi package from its schema:
//
//	pulumi-cognito-password-reset-sdkgen <schema.json> <nodejs|python|go> <outdir>
//
// It binds the schema (validating it against Pulumi's metaschema) and calls the
// Pulumi code generator of that language directly, at the release pinned in
// go.mod (the same as the CLI's). It exists because `pulumi package gen-sdk`
// hands the work to the language plugins (pulumi-language-python,
// pulumi-language-go), which are not built here; the code generators themselves
// are plain Go libraries. The schema must be self-contained: references to other
// packages are refused. Files are written into outdir; nothing there is removed.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/blang/semver"
	"github.com/hashicorp/hcl/v2"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

const tool = "pulumi-cognito-password-reset-sdkgen"

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintf(os.Stderr, "usage: %s <schema.json> <nodejs|python|go> <outdir>\n", tool)
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2], os.Args[3]); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", tool, err)
		os.Exit(1)
	}
}

func run(schemaPath, language, outDir string) error {
	if language != "nodejs" && language != "python" && language != "go" {
		return fmt.Errorf("unknown language %q (want nodejs, python or go)", language)
	}
	raw, err := os.ReadFile(schemaPath)
	if err != nil {
		return err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		return fmt.Errorf("%s: not a Pulumi package schema: %w", schemaPath, err)
	}
	// BindSpec checks the schema against Pulumi's metaschema, then binds its types.
	pkg, diags, err := schema.BindSpec(spec, noLoader{}, schema.ValidationOptions{})
	for _, d := range diags {
		kind := "error"
		if d.Severity == hcl.DiagWarning {
			kind = "warning"
		}
		fmt.Fprintf(os.Stderr, "%s: %s: %s: %s\n", tool, schemaPath, kind, strings.TrimSuffix(d.Summary+"; "+d.Detail, "; "))
	}
	if err == nil && diags.HasErrors() {
		err = errors.New("the schema has errors (above)")
	}
	if err != nil {
		return fmt.Errorf("%s: invalid schema: %w", schemaPath, err)
	}

	var files map[string][]byte
	switch language {
	case "nodejs":
		// No extra files, no local dependencies, and the layout of a published
		// package (localSDK false: typescript is a devDependency, no postinstall).
		files, err = nodejs.GeneratePackage(tool, pkg, nil, nil, false, noLoader{})
	case "python":
		files, err = python.GeneratePackage(tool, pkg, nil, noLoader{})
	case "go":
		// No local dependencies: the go.mod (written when meta.supportPack is
		// set) requires github.com/pulumi/pulumi/sdk/v3 from the proxy.
		files, err = gogen.GeneratePackage(tool, pkg, nil)
	}
	if err != nil {
		return fmt.Errorf("generating the %s SDK: %w", language, err)
	}
	for name, content := range files {
		path := filepath.Join(outDir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, content, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// noLoader refuses every package reference: the schema must not depend on other packages.
type noLoader struct{}

func (noLoader) refuse(name string) error {
	return fmt.Errorf("the schema refers to package %q; references to other packages are not supported", name)
}

func (l noLoader) LoadPackage(name string, _ *semver.Version) (*schema.Package, error) {
	return nil, l.refuse(name)
}

func (l noLoader) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, l.refuse(d.Name)
}

func (l noLoader) LoadPackageReference(name string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, l.refuse(name)
}

func (l noLoader) LoadPackageReferenceV2(
	_ context.Context, d *schema.PackageDescriptor,
) (schema.PackageReference, error) {
	return nil, l.refuse(d.Name)
}
