/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A seeded random stream of ITS commands and MSIs for the its_lookup
 * scoreboards. Mostly well-formed traffic on a small pool of devices,
 * events, collections and targets, with a share of every kind of error
 * (IDs out of range, unmapped devices, events and collections, bad INTIDs,
 * bad ITT sizes and targets) and a few commands the block does not decode.
 *
 * The pool: DeviceIDs 0 .. min(2^dev_bits, 8) - 1 and, per device, at most
 * STREAM_EVENTS_PER_DEVICE EventIDs, so the stream never names more than
 * STREAM_MAX_KEYS (DeviceID, EventID) pairs in range: an its_lookup with
 * ITE_SLOTS >= STREAM_MAX_KEYS never overflows.
 */
#ifndef STREAM_H
#define STREAM_H

#include <stdint.h>

#include "its_ref.h"

#ifdef __cplusplus
extern "C" {
#endif

#define STREAM_POOL_DEVICES 8u
#define STREAM_EVENTS_PER_DEVICE 6u
#define STREAM_MAX_KEYS (STREAM_POOL_DEVICES * STREAM_EVENTS_PER_DEVICE)

typedef enum stream_kind { STREAM_CMD = 0, STREAM_MSI = 1 } stream_kind;

typedef struct stream_op {
    stream_kind kind;
    uint64_t cmd[4];                /* STREAM_CMD: the 32-byte command */
    uint32_t device_id, event_id;   /* STREAM_MSI */
} stream_op;

typedef struct stream {
    lookup_params p;
    uint64_t state;
    uint64_t count;
} stream;

void stream_init(stream *s, const lookup_params *p, uint64_t seed);
void stream_next(stream *s, stream_op *op);

#ifdef __cplusplus
}
#endif

#endif
