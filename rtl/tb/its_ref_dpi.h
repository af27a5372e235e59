// SPDX-License-Identifier: Apache-2.0
// The harness's view of the reference behind the scoreboard's DPI-C imports.
#ifndef ITS_REF_DPI_H
#define ITS_REF_DPI_H

#include "its_ref.h"

// The reference its_lookup_sb opened (nullptr before the first eval()).
its_ref *its_ref_dpi_instance();
void its_ref_dpi_close();

#endif
