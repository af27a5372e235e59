// SPDX-License-Identifier: Apache-2.0
// End-to-end smoke: bring-up, a mapping, an MSI, through the harness.
#include "its_harness.h"

TEST(Smoke, MsiReachesItsTarget)
{
    ItsHarness h(qemu_config());
    h.bring_up();
    h.run(cmd::mapc(1, 1));
    h.map_device(5, 3);
    h.run(cmd::mapti(5, 2, 8200, 1));
    its_translation t;
    ASSERT_EQ(h.msi(5, 2, &t), ITS_MSI_DELIVERED);
    EXPECT_EQ(t.intid, 8200u);
    EXPECT_EQ(t.target, 1u);
    ASSERT_EQ(h.events(), 1u);
    EXPECT_EQ(h.event(0).kind, SHIM_SET_PENDING);
    EXPECT_EQ(h.event(0).intid, 8200u);
}
