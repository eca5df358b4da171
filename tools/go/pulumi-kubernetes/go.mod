// ferry-pulumi-kubernetes-version: 4.34.2
//
// Wrapper module: builds pulumi-resource-kubernetes from github.com/pulumi/pulumi-kubernetes/provider/v4.
// build.sh copies this go.mod (and go.sum, if present) and the module's cmd/pulumi-resource-kubernetes
// folder into a scratch directory in the cache, runs generate.go there (schema-embed.json and
// terraform-mapping-embed.json, which the module does not ship), and builds the copy.
// The version below may be a tag or the pseudo-version of the commit tagged v4.34.2 upstream
// (sdk/v4 has tags of its own; provider/v4 may only have pseudo-versions).
// NOT BUILDABLE HERE: the module proxy answers 403 "This module version is not available" for
// provider/v4 and sdk/v4 at v4.34.2, so go.sum could not be produced. See tools/README.md.
module ferry.tools/pulumi-kubernetes

go 1.25.11

require (
	github.com/pulumi/pulumi-kubernetes/provider/v4 v4.34.2
	github.com/pulumi/pulumi-kubernetes/sdk/v4 v4.34.2
)
