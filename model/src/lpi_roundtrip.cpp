// SPDX-License-Identifier: Apache-2.0
#include "gicv3_vp/lpi_roundtrip.h"

#include <memory>

#include "gicv3_vp/platform.h"
#include "its/commands.h"

namespace gicv3_vp {

namespace {
constexpr uint32_t kDevice = 0x10;
}

void lpi_roundtrip_config(platform_config &c)
{
    c.cpus = 2;
    c.devices.clear();
    c.teardown = false;
}

void install_lpi_roundtrip(platform &p, lpi_roundtrip &out)
{
    struct state {
        uint64_t eois = 0;
        sc_core::sc_event eoi;
    };
    auto st = std::make_shared<state>();
    gicv3::gic &g = p.gic_module();
    auto observer = g.on_lpi;
    g.on_lpi = [observer, st](const gicv3::lpi_event &e) {
        if (observer)
            observer(e);
        if (e.kind == gicv3::lpi_event::eoi && e.cpu == 1) {
            st->eois++;
            // at CPU 1's time, which may be ahead of the kernel's
            const sc_core::sc_time now = sc_core::sc_time_stamp();
            st->eoi.notify(e.time > now ? e.time - now : sc_core::SC_ZERO_TIME);
        }
    };
    p.program = [st, &out](platform &pl, cpu_stub &cpu) {
        if (!pl.bring_up(cpu))
            return;
        pl.rendezvous(cpu);
        if (cpu.index() != 0)
            return; // CPU 1 takes the LPIs
        its_driver *drv = pl.driver();
        uint32_t intid = 0;
        if (drv_device_add(drv, &cpu.env(), kDevice, 1) != DRV_OK ||
            drv_vector_activate(drv, &cpu.env(), kDevice, 0, 1, &intid) != DRV_OK)
            return pl.fail("lpi round trip: device set-up failed");
        uint64_t int_cmd[4];
        its_cmd_int(int_cmd, kDevice, 0 /* EventID */);
        out.start = cpu.now();
        for (uint64_t r = 0; r < out.rounds; r++) {
            if (drv_send_command(drv, &cpu.env(), int_cmd) != DRV_OK)
                return pl.fail("lpi round trip: INT failed in round " + std::to_string(r));
            cpu.idle_until(st->eoi, [st, r] { return st->eois > r; });
            out.done = r + 1;
        }
        out.end = cpu.now();
        pl.finish();
    };
}

} // namespace gicv3_vp
