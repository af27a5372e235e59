# SPDX-License-Identifier: Apache-2.0
# Tests of scripts/sweep (docs/sweeps.md), included by testbench/CMakeLists.txt where its-vp is
# built: the local backend (GNU parallel) on a 2x2 grid, a failing point, refused grids and
# options (cli/sweep_test.py), and the Slurm backend on a single-node cluster the test brings up
# and stops (cli/sweep_slurm.sh; needs root, slurm-wlm and munge, as CI has).
foreach(case IN ITEMS local bad_point bad_grid)
  add_test(NAME sweep.${case}
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/sweep_test.py ${case} ${PROJECT_SOURCE_DIR}/scripts/sweep
            $<TARGET_FILE:its-vp> ${CMAKE_CURRENT_BINARY_DIR}/sweep/${case})
  set_tests_properties(sweep.${case} PROPERTIES TIMEOUT 60 LABELS "cli;sweep")
endforeach()
add_test(NAME sweep.slurm
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/sweep_slurm.sh ${PROJECT_SOURCE_DIR}/scripts/sweep $<TARGET_FILE:its-vp>
          ${PROJECT_SOURCE_DIR}/testbench/support/slurm-local ${CMAKE_CURRENT_BINARY_DIR}/sweep/slurm)
# The sweeps inside are bounded at 60 s each; the cluster's start and stop take seconds.
set_tests_properties(sweep.slurm PROPERTIES TIMEOUT 240 LABELS "cli;sweep;slurm")
# docs/studies.md's example study reproduces: the committed results.csv, from its commands.
add_test(NAME study.ite_cache_vs_load
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/study_reproduces.sh ${PROJECT_SOURCE_DIR} $<TARGET_FILE:its-vp>
          ${CMAKE_CURRENT_BINARY_DIR}/study)
set_tests_properties(study.ite_cache_vs_load PROPERTIES TIMEOUT 120 LABELS "cli;sweep")
