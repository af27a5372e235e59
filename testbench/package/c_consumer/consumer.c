/* SPDX-License-Identifier: Apache-2.0 */
/* A user's own C program beside the ITS core: its own global names that
 * would collide with an unprefixed core (cache_init, lpi_set_add), and a
 * check that the core's version macro is the package's. */
#include <stdio.h>
#include <string.h>

#include "its/its.h"
#include "its/version.h"

int cache_init(void);
int lpi_set_add(int x);
int cache_init(void) { return 1; }
int lpi_set_add(int x) { return x + 1; }

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], ITS_VERSION_STRING) != 0) {
        printf("version mismatch: header %s, package %s\n", ITS_VERSION_STRING, argv[1]);
        return 1;
    }
    its_config cfg;
    its_config_preset_qemu_virt(&cfg, 2);
    its_host_ops ops = {0};
    its_t *its = its_create(&cfg, &ops);
    if (its == NULL)
        return 1;
    uint64_t typer = 0;
    its_read(its, 0x0008, 8, &typer); /* GITS_TYPER */
    its_destroy(its);
    printf("consumer: its core %s, GITS_TYPER 0x%llx, own cache_init %d lpi_set_add %d\n", ITS_VERSION_STRING,
           (unsigned long long)typer, cache_init(), lpi_set_add(1));
    return typer != 0 ? 0 : 1;
}
