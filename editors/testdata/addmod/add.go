//go:build amd64

// Package addmod is the fixture the editor tests open: Go declarations whose
// bodies are written in assembly.
package addmod

// Add returns a+b.
func Add(a, b int64) int64

// Sub returns a-b.
func Sub(a, b int64) int64
