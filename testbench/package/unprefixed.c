/* SPDX-License-Identifier: Apache-2.0 */
/* A library that breaks the link surface on purpose: an unprefixed global
 * and an exported function no public header declares. The link-surface
 * check must fail on it (test link.symbols.catches_offenders). */
int cache_init(void);
int its_not_in_any_header(void);
int cache_init(void) { return 1; }
int its_not_in_any_header(void) { return 2; }
