// SPDX-License-Identifier: Apache-2.0
//
// The DPI-C functions its_lookup_sb.sv imports: the C core (its_ref.h)
// answering for the block. One reference per process, opened by the
// scoreboard's initial block with the block's own parameters.
#include "its_ref_dpi.h"

#include <cstdio>
#include <cstdlib>

#include "Vits_lookup_sb__Dpi.h" // the prototypes Verilator derived from the imports

namespace {
its_ref *g_ref = nullptr;
}

its_ref *its_ref_dpi_instance() { return g_ref; }

void its_ref_dpi_close()
{
    its_ref_destroy(g_ref);
    g_ref = nullptr;
}

void its_ref_dpi_open(int dev_bits, int ev_bits, int icid_bits, int num_targets, int lpi_bits)
{
    its_ref_dpi_close();
    lookup_params p{};
    p.dev_bits = static_cast<unsigned>(dev_bits);
    p.ev_bits = static_cast<unsigned>(ev_bits);
    p.icid_bits = static_cast<unsigned>(icid_bits);
    p.num_targets = static_cast<unsigned>(num_targets);
    p.lpi_bits = static_cast<unsigned>(lpi_bits);
    g_ref = its_ref_create(&p);
    if (!g_ref) {
        std::fprintf(stderr, "scoreboard: the C core rejects the block's parameters\n");
        std::exit(2);
    }
}

int its_ref_dpi_command(unsigned long long dw0, unsigned long long dw1, unsigned long long dw2,
                        unsigned long long dw3)
{
    const uint64_t cmd[4] = {dw0, dw1, dw2, dw3};
    return static_cast<int>(its_ref_command(g_ref, cmd));
}

int its_ref_dpi_msi(unsigned int device_id, unsigned int event_id, unsigned int *intid,
                    unsigned int *icid, unsigned int *target)
{
    its_translation t{};
    its_msi_result r = its_ref_msi(g_ref, device_id, event_id, &t);
    *intid = r == ITS_MSI_DELIVERED ? t.intid : 0;
    *icid = r == ITS_MSI_DELIVERED ? t.icid : 0;
    *target = r == ITS_MSI_DELIVERED ? t.target : 0;
    return static_cast<int>(r);
}
