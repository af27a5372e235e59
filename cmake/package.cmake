# SPDX-License-Identifier: Apache-2.0
# The installed package: headers, libraries, its-vp, the CMake package
# gicv3_its (gicv3_itsConfig.cmake, gicv3_itsConfigVersion.cmake) with one
# export set per layer, and the C core's pkg-config file. The layers and
# their imported targets:
#   core      gicv3_its::core, gicv3_its::driver   C11, nothing else
#   systemc   gicv3_its::tlm (the ITS module), gicv3_its::gic (the GIC model)   + SystemC
#   platform  gicv3_its::platform, gicv3_its::replay, gicv3_its::replay_trace   + nlohmann-json, zlib
include(CMakePackageConfigHelpers)

# Shared libraries carry the version; the ABI may change with the minor version.
foreach(t its_driver its_tlm its_gic its_model its_replay its_replay_trace)
  if(TARGET ${t})
    set_target_properties(${t} PROPERTIES VERSION ${PROJECT_VERSION}
      SOVERSION ${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR})
  endif()
endforeach()
set(its_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/gicv3_its)

# Headers: each layer's public include folder, nothing from src/.
install(DIRECTORY c_core/include/ model/driver/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT core)
install(TARGETS its_core its_driver EXPORT gicv3_its_core
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT core
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT core)
install(EXPORT gicv3_its_core NAMESPACE gicv3_its:: DESTINATION ${its_cmake_dir}
  FILE gicv3_its-core-targets.cmake COMPONENT core)

if(TARGET its_tlm AND TARGET its_gic)
  install(DIRECTORY tlm_wrapper/include/ gic/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT systemc)
  install(TARGETS its_tlm its_gic EXPORT gicv3_its_systemc
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT systemc
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT systemc)
  install(EXPORT gicv3_its_systemc NAMESPACE gicv3_its:: DESTINATION ${its_cmake_dir}
    FILE gicv3_its-systemc-targets.cmake COMPONENT systemc)
endif()

if(TARGET its_model)
  install(DIRECTORY model/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT platform)
  install(TARGETS its_model its_replay its_replay_trace EXPORT gicv3_its_platform
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT platform
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT platform)
  install(TARGETS its-vp RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT platform)
  install(EXPORT gicv3_its_platform NAMESPACE gicv3_its:: DESTINATION ${its_cmake_dir}
    FILE gicv3_its-platform-targets.cmake COMPONENT platform)
endif()

configure_package_config_file(cmake/gicv3_itsConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/gicv3_itsConfig.cmake INSTALL_DESTINATION ${its_cmake_dir})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/gicv3_itsConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/gicv3_itsConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/gicv3_itsConfigVersion.cmake DESTINATION ${its_cmake_dir} COMPONENT core)

# pkg-config for the C core alone (gicv3-its-core.pc), relocatable: the
# prefix is found from the file's own place (cmake --install --prefix P).
file(RELATIVE_PATH its_pc_to_prefix /p/${CMAKE_INSTALL_LIBDIR}/pkgconfig /p)
configure_file(cmake/gicv3-its-core.pc.in ${CMAKE_CURRENT_BINARY_DIR}/gicv3-its-core.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/gicv3-its-core.pc
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT core)
install(FILES LICENSE DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/gicv3_its COMPONENT core)
