/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The model's version: the one place it is written. The CMake package
 * (gicv3_itsConfigVersion.cmake) and the pkg-config file take it from here.
 */
#ifndef ITS_VERSION_H
#define ITS_VERSION_H

#define ITS_VERSION_MAJOR 0
#define ITS_VERSION_MINOR 2
#define ITS_VERSION_PATCH 0
#define ITS_VERSION_STRING "0.2.0"
/* One number that compares: major * 10000 + minor * 100 + patch. */
#define ITS_VERSION (ITS_VERSION_MAJOR * 10000 + ITS_VERSION_MINOR * 100 + ITS_VERSION_PATCH)

#endif
