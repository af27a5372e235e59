/* SPDX-License-Identifier: Apache-2.0 */
/* An invariant of a fuzz target: on violation, say which and abort, so
 * libFuzzer saves the input as a crash. */
#ifndef FZ_CHECK_H
#define FZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>

#define FZ_CHECK(cond, ...)                                                                          \
    do {                                                                                             \
        if (!(cond)) {                                                                               \
            fprintf(stderr, "invariant violated at %s:%d: ", __FILE__, __LINE__);                    \
            fprintf(stderr, __VA_ARGS__);                                                            \
            fputc('\n', stderr);                                                                     \
            abort();                                                                                 \
        }                                                                                            \
    } while (0)

#endif
