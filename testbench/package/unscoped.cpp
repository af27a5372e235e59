// SPDX-License-Identifier: Apache-2.0
// A C++ library that breaks the link surface on purpose: a global function
// outside the project's namespaces (test link.symbols.catches_cxx_offenders).
namespace gicv3 {
int inside() { return 1; }
} // namespace gicv3
int outside_any_namespace() { return 2; }
