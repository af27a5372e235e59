/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ITS commands: opcodes, field positions and encoders for the twelve
 * physical commands of GICv3.
 *
 * A command is 32 bytes, four little-endian 64-bit doublewords DW0..DW3,
 * opcode in DW0[7:0]. Each encoder fills a uint64_t cmd[4] completely
 * (unused bits 0) for the caller to write to the queue slot at GITS_CWRITER
 * (its_cmd_store_le() gives the byte image).
 *
 * Targets (MAPC, SYNC, MOVALL) are the RDbase field's value, DW2[51:16]:
 * the redistributor's GICR_TYPER.Processor_Number when GITS_TYPER.PTA = 0,
 * its RD_base physical address >> 16 when PTA = 1.
 *
 * Fields follow the register header's convention (its/regs.h): F_SHIFT,
 * F_WIDTH and F_MASK within the doubleword F_DW.
 *
 * Header only: C11 and C++ (static inline, nothing to link).
 */
#ifndef ITS_COMMANDS_H
#define ITS_COMMANDS_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Command opcodes */
enum {
    ITS_CMD_MOVI = 0x01,
    ITS_CMD_INT = 0x03,
    ITS_CMD_CLEAR = 0x04,
    ITS_CMD_SYNC = 0x05,
    ITS_CMD_MAPD = 0x08,
    ITS_CMD_MAPC = 0x09,
    ITS_CMD_MAPTI = 0x0A,
    ITS_CMD_MAPI = 0x0B,
    ITS_CMD_INV = 0x0C,
    ITS_CMD_INVALL = 0x0D,
    ITS_CMD_MOVALL = 0x0E,
    ITS_CMD_DISCARD = 0x0F
};

#define ITS_CMD_BYTES 32u

/* ---- Fields -------------------------------------------------------------- */

#define ITS_CMD_OPCODE_DW 0
#define ITS_CMD_OPCODE_SHIFT 0
#define ITS_CMD_OPCODE_WIDTH 8
#define ITS_CMD_OPCODE_MASK (0xFFull << ITS_CMD_OPCODE_SHIFT)
#define ITS_CMD_DEVICEID_DW 0 /* MAPD MAPTI MAPI MOVI DISCARD INV INT CLEAR */
#define ITS_CMD_DEVICEID_SHIFT 32
#define ITS_CMD_DEVICEID_WIDTH 32
#define ITS_CMD_DEVICEID_MASK (0xFFFFFFFFull << ITS_CMD_DEVICEID_SHIFT)
#define ITS_CMD_EVENTID_DW 1 /* MAPTI MAPI MOVI DISCARD INV INT CLEAR */
#define ITS_CMD_EVENTID_SHIFT 0
#define ITS_CMD_EVENTID_WIDTH 32
#define ITS_CMD_EVENTID_MASK (0xFFFFFFFFull << ITS_CMD_EVENTID_SHIFT)
#define ITS_CMD_PINTID_DW 1 /* MAPTI */
#define ITS_CMD_PINTID_SHIFT 32
#define ITS_CMD_PINTID_WIDTH 32
#define ITS_CMD_PINTID_MASK (0xFFFFFFFFull << ITS_CMD_PINTID_SHIFT)
#define ITS_CMD_SIZE_DW 1 /* MAPD: EventID bits - 1 */
#define ITS_CMD_SIZE_SHIFT 0
#define ITS_CMD_SIZE_WIDTH 5
#define ITS_CMD_SIZE_MASK (0x1Full << ITS_CMD_SIZE_SHIFT)
#define ITS_CMD_ITT_ADDR_DW 2 /* MAPD: PA[51:8] in place */
#define ITS_CMD_ITT_ADDR_SHIFT 8
#define ITS_CMD_ITT_ADDR_WIDTH 44
#define ITS_CMD_ITT_ADDR_MASK (0xFFFFFFFFFFFull << ITS_CMD_ITT_ADDR_SHIFT)
#define ITS_CMD_VALID_DW 2 /* MAPD MAPC */
#define ITS_CMD_VALID_SHIFT 63
#define ITS_CMD_VALID_WIDTH 1
#define ITS_CMD_VALID_MASK (0x1ull << ITS_CMD_VALID_SHIFT)
#define ITS_CMD_ICID_DW 2 /* MAPC MAPTI MAPI MOVI INVALL */
#define ITS_CMD_ICID_SHIFT 0
#define ITS_CMD_ICID_WIDTH 16
#define ITS_CMD_ICID_MASK (0xFFFFull << ITS_CMD_ICID_SHIFT)
#define ITS_CMD_RDBASE_DW 2 /* MAPC SYNC MOVALL (RDbase1); MOVALL's RDbase2 is in DW3 */
#define ITS_CMD_RDBASE_SHIFT 16
#define ITS_CMD_RDBASE_WIDTH 36
#define ITS_CMD_RDBASE_MASK (0xFFFFFFFFFull << ITS_CMD_RDBASE_SHIFT)

static inline uint64_t its_cmd_field(uint64_t value, unsigned shift, unsigned width)
{
    return (value & (width >= 64 ? ~(uint64_t)0 : (((uint64_t)1 << width) - 1))) << shift;
}

static inline void its_cmd_zero(uint64_t cmd[4])
{
    cmd[0] = cmd[1] = cmd[2] = cmd[3] = 0;
}

/* DW0: opcode and DeviceID; DW1: EventID. */
static inline void its_cmd_device_event(uint64_t cmd[4], uint8_t opcode, uint32_t device_id,
                                        uint32_t event_id)
{
    its_cmd_zero(cmd);
    cmd[0] = (uint64_t)opcode | ((uint64_t)device_id << ITS_CMD_DEVICEID_SHIFT);
    cmd[1] = (uint64_t)event_id << ITS_CMD_EVENTID_SHIFT;
}

static inline uint64_t its_cmd_rdbase(uint64_t rdbase)
{
    return its_cmd_field(rdbase, ITS_CMD_RDBASE_SHIFT, ITS_CMD_RDBASE_WIDTH);
}

/* ---- Encoders ------------------------------------------------------------ */

/* MAPD: device_id's ITT at itt_pa (256-byte aligned) for 2^(size + 1)
 * EventIDs (size = EventID bits - 1); valid = false unmaps the device. */
static inline void its_cmd_mapd(uint64_t cmd[4], uint32_t device_id, unsigned size, uint64_t itt_pa,
                                bool valid)
{
    its_cmd_device_event(cmd, ITS_CMD_MAPD, device_id, 0);
    cmd[1] = its_cmd_field(size, ITS_CMD_SIZE_SHIFT, ITS_CMD_SIZE_WIDTH);
    cmd[2] = (itt_pa & ITS_CMD_ITT_ADDR_MASK) | (valid ? ITS_CMD_VALID_MASK : 0u);
}

/* MAPC: collection icid to the redistributor rdbase names; valid = false unmaps it. */
static inline void its_cmd_mapc(uint64_t cmd[4], uint32_t icid, uint64_t rdbase, bool valid)
{
    its_cmd_zero(cmd);
    cmd[0] = ITS_CMD_MAPC;
    cmd[2] = its_cmd_field(icid, ITS_CMD_ICID_SHIFT, ITS_CMD_ICID_WIDTH) | its_cmd_rdbase(rdbase) |
             (valid ? ITS_CMD_VALID_MASK : 0u);
}

/* MAPTI: (device_id, event_id) -> physical LPI pintid in collection icid. */
static inline void its_cmd_mapti(uint64_t cmd[4], uint32_t device_id, uint32_t event_id,
                                 uint32_t pintid, uint32_t icid)
{
    its_cmd_device_event(cmd, ITS_CMD_MAPTI, device_id, event_id);
    cmd[1] |= (uint64_t)pintid << ITS_CMD_PINTID_SHIFT;
    cmd[2] = its_cmd_field(icid, ITS_CMD_ICID_SHIFT, ITS_CMD_ICID_WIDTH);
}

/* MAPI: MAPTI with pINTID = EventID. */
static inline void its_cmd_mapi(uint64_t cmd[4], uint32_t device_id, uint32_t event_id, uint32_t icid)
{
    its_cmd_device_event(cmd, ITS_CMD_MAPI, device_id, event_id);
    cmd[2] = its_cmd_field(icid, ITS_CMD_ICID_SHIFT, ITS_CMD_ICID_WIDTH);
}

/* MOVI: the event to collection icid (its pending state moves with it). */
static inline void its_cmd_movi(uint64_t cmd[4], uint32_t device_id, uint32_t event_id, uint32_t icid)
{
    its_cmd_device_event(cmd, ITS_CMD_MOVI, device_id, event_id);
    cmd[2] = its_cmd_field(icid, ITS_CMD_ICID_SHIFT, ITS_CMD_ICID_WIDTH);
}

/* DISCARD: clear the event's pending LPI and unmap the event. */
static inline void its_cmd_discard(uint64_t cmd[4], uint32_t device_id, uint32_t event_id)
{
    its_cmd_device_event(cmd, ITS_CMD_DISCARD, device_id, event_id);
}

/* INV: the target redistributor reloads the LPI's configuration byte. */
static inline void its_cmd_inv(uint64_t cmd[4], uint32_t device_id, uint32_t event_id)
{
    its_cmd_device_event(cmd, ITS_CMD_INV, device_id, event_id);
}

/* INT: make the event's LPI pending, as its MSI would. */
static inline void its_cmd_int(uint64_t cmd[4], uint32_t device_id, uint32_t event_id)
{
    its_cmd_device_event(cmd, ITS_CMD_INT, device_id, event_id);
}

/* CLEAR: clear the event's pending LPI. */
static inline void its_cmd_clear(uint64_t cmd[4], uint32_t device_id, uint32_t event_id)
{
    its_cmd_device_event(cmd, ITS_CMD_CLEAR, device_id, event_id);
}

/* INVALL: reload the configuration of every LPI of collection icid. */
static inline void its_cmd_invall(uint64_t cmd[4], uint32_t icid)
{
    its_cmd_zero(cmd);
    cmd[0] = ITS_CMD_INVALL;
    cmd[2] = its_cmd_field(icid, ITS_CMD_ICID_SHIFT, ITS_CMD_ICID_WIDTH);
}

/* SYNC: the effects of earlier commands on rdbase's redistributor are visible. */
static inline void its_cmd_sync(uint64_t cmd[4], uint64_t rdbase)
{
    its_cmd_zero(cmd);
    cmd[0] = ITS_CMD_SYNC;
    cmd[2] = its_cmd_rdbase(rdbase);
}

/* MOVALL: every pending LPI of redistributor from to redistributor to. */
static inline void its_cmd_movall(uint64_t cmd[4], uint64_t from, uint64_t to)
{
    its_cmd_zero(cmd);
    cmd[0] = ITS_CMD_MOVALL;
    cmd[2] = its_cmd_rdbase(from);
    cmd[3] = its_cmd_rdbase(to);
}

/* The command's little-endian byte image, for a queue slot. */
static inline void its_cmd_store_le(uint8_t out[ITS_CMD_BYTES], const uint64_t cmd[4])
{
    for (unsigned i = 0; i < 32; i++)
        out[i] = (uint8_t)(cmd[i / 8] >> (8 * (i % 8)));
}

#ifdef __cplusplus
}
#endif

#endif
