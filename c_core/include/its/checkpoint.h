/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Checkpoint and restore of an ITS or a redistributor instance.
 *
 * A checkpoint is a byte blob holding the instance's complete state (not its
 * configuration, not the host callbacks, not the simulated memory): restore
 * it into an instance created with the same configuration, and the instance
 * then behaves exactly as the saved one would have. The format is versioned
 * and the same on every host (little-endian, fixed-width): docs/checkpoint.md.
 *
 * Restore checks everything before it changes anything: on any error the
 * instance is left as it was. It calls no host callback (a host modelling the
 * redistributor's IRQ line sets it from redist_irq_pending() afterwards).
 */
#ifndef ITS_CHECKPOINT_H
#define ITS_CHECKPOINT_H

#include <stddef.h>

#include "its/its.h"
#include "its/redist.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The format version this build writes and reads. */
#define ITS_CKPT_VERSION 1u

typedef enum its_ckpt_status {
    ITS_CKPT_OK = 0,
    ITS_CKPT_BAD_MAGIC = -1,        /* not a checkpoint of this kind of instance */
    ITS_CKPT_BAD_VERSION = -2,      /* a format version this build does not read */
    ITS_CKPT_TRUNCATED = -3,        /* shorter than its header says */
    ITS_CKPT_CORRUPT = -4,          /* checksum mismatch, or bytes after the payload */
    ITS_CKPT_CONFIG_MISMATCH = -5,  /* saved by an instance of another configuration */
    ITS_CKPT_BAD_STATE = -6,        /* checksum good, but no state of this configuration */
    ITS_CKPT_NO_MEMORY = -7,        /* restore could not allocate the state */
    ITS_CKPT_BUFFER_TOO_SMALL = -8  /* save: len is below the checkpoint's size */
} its_ckpt_status;

/* "ok", "bad_magic", ...; "invalid" for a value not in the enum. */
const char *its_ckpt_status_name(its_ckpt_status s);

/*
 * Save: the checkpoint's size in bytes; and the checkpoint itself into
 * buf[0 .. len). When len is too small (buf may then be NULL) nothing is
 * written and BUFFER_TOO_SMALL is returned. written (may be NULL) receives
 * the checkpoint's size either way. Saving changes nothing: saving twice
 * gives the same bytes.
 */
size_t its_save_size(const its_t *its);
its_ckpt_status its_save(const its_t *its, void *buf, size_t len, size_t *written);
/* Restore from exactly the len bytes a save wrote. */
its_ckpt_status its_restore(its_t *its, const void *buf, size_t len);

size_t redist_save_size(const redist_t *rd);
its_ckpt_status redist_save(const redist_t *rd, void *buf, size_t len, size_t *written);
its_ckpt_status redist_restore(redist_t *rd, const void *buf, size_t len);

#ifdef __cplusplus
}
#endif

#endif
