// ferry-pulumi-version: 3.259.0
//
// Wrapper module: builds the Node.js language host (pulumi-language-nodejs) of the same pulumi
// release as tools/go/pulumi. Upstream publishes this module only as pseudo-versions; the one below
// is the commit of tag pkg/v3.259.0 (a05d88f24d05, 2026-08-20T08:44:10Z).
// NOT BUILDABLE HERE: the module proxy answers 403 "This module version is not available" for this
// module at any version, so go.sum cannot be produced. See tools/README.md, "Known failures".
module ferry.tools/pulumi-language-nodejs

go 1.25.11

require (
	github.com/pulumi/pulumi/pkg/v3 v3.259.0
	github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3 v3.0.0-20260820084410-a05d88f24d05
	github.com/pulumi/pulumi/sdk/v3 v3.259.0
)

replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e
