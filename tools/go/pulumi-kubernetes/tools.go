//go:build tools

// Package tools pins the packages built from this module: the provider behind
// cmd/pulumi-resource-kubernetes and the schema package its generate.go uses.
package tools

import (
	_ "github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/provider"
	_ "github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)
