#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The installed package as a user gets it:
#   check_install.sh <build dir> <source dir> <work dir> [shared]
# Installs <build dir> (or, with "shared", a fresh BUILD_SHARED_LIBS=ON build
# of the C core, the ITS module and the GIC model) into <work dir>/prefix;
# checks the layout; builds and runs, against the prefix alone, a C program
# through the CMake package (COMPONENTS core) and through pkg-config, and the
# out-of-tree example (examples/: the controller linked in, and loaded as a
# plugin with dlopen). Exit 0 only when all of it holds.
set -euo pipefail
build=$(realpath "$1")
src=$(realpath "$2")
work=$3 mode=${4:-static}
rm -rf "$work"
mkdir -p "$work"
work=$(realpath "$work")
prefix=$work/prefix
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
step() { echo "== $*"; }
fail() { echo "FAIL: $*"; exit 1; }
# A step that fails shows the end of its log.
trap 'echo "FAIL at line $LINENO"; for l in "$work"/*.log; do [ -s "$l" ] && { echo "--- $l"; tail -n 30 "$l"; }; done' ERR

if [ "$mode" = shared ]; then
    step "shared build of the core, the ITS module and the GIC model"
    cmake -S "$src" -B "$work/shared-build" -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=ON \
        -DITS_PLATFORM=OFF -DITS_BUILD_TESTS=OFF "${launcher[@]}" >"$work/shared-configure.log"
    cmake --build "$work/shared-build" -j "$(nproc)" >"$work/shared-build.log"
    build=$work/shared-build
fi

step "install into $prefix"
cmake --install "$build" --prefix "$prefix" >"$work/install.log"
lib=$prefix/lib
[ -d "$prefix/lib64" ] && lib=$prefix/lib64
for f in include/its/its.h include/its/regs.h include/its/commands.h include/its/version.h \
         include/gicv3/its.h include/gicv3/gic.h include/gicv3/device_id_extension.h include/its_driver.h \
         "${lib#"$prefix"/}/cmake/gicv3_its/gicv3_itsConfig.cmake" \
         "${lib#"$prefix"/}/cmake/gicv3_its/gicv3_itsConfigVersion.cmake" \
         "${lib#"$prefix"/}/pkgconfig/gicv3-its-core.pc" share/doc/gicv3_its/LICENSE; do
    [ -f "$prefix/$f" ] || fail "not installed: $f"
done
internal=$(find "$prefix/include" -name '*internal*' -o -name 'cache.h' -o -name 'bits.h' -o -name 'lpi_set.h')
[ -z "$internal" ] || fail "internal headers installed: $internal"
if [ "$mode" = shared ]; then
    for l in its_core its_driver its_tlm its_gic; do
        [ -f "$lib/lib$l.so" ] || fail "not installed: lib$l.so"
    done
    # A shared library exports the API alone.
    "$src/testbench/package/check_symbols.sh" c 'its_|redist_' "$prefix/include/its" "$lib/libits_core.so"
    "$src/testbench/package/check_symbols.sh" c 'drv_' "$prefix/include" "$lib/libits_driver.so"
else
    [ -f "$lib/libits_core.a" ] || fail "not installed: libits_core.a"
    [ -x "$prefix/bin/its-vp" ] || fail "not installed: bin/its-vp"
    step "the installed its-vp runs its default job"
    SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1 "$prefix/bin/its-vp" >"$work/its-vp.log" 2>&1
    grep -q "dropped 0" "$work/its-vp.log" || fail "the installed its-vp: $(cat "$work/its-vp.log")"
    head -2 "$work/its-vp.log"
fi
version=$(sed -n 's/^#define ITS_VERSION_STRING "\(.*\)"/\1/p' "$prefix/include/its/version.h")
grep -q "PACKAGE_VERSION \"$version\"" "$lib/cmake/gicv3_its/gicv3_itsConfigVersion.cmake" ||
    fail "gicv3_itsConfigVersion.cmake is not version $version"

step "C program through find_package(gicv3_its COMPONENTS core)"
cmake -S "$src/testbench/package/c_consumer" -B "$work/c-package" -DITS_HOW=package \
    -DCMAKE_PREFIX_PATH="$prefix" "${launcher[@]}" >"$work/c-package.log"
cmake --build "$work/c-package" >>"$work/c-package.log"
"$work/c-package/consumer" "$version"

if [ "$mode" = shared ]; then
    step "components this install lacks: required fails with the reason, optional is not found"
    if cmake -S "$src/testbench/package/c_consumer" -B "$work/c-require" -DITS_HOW=require_platform \
        -DCMAKE_PREFIX_PATH="$prefix" >"$work/c-require.out" 2>&1; then
        fail "REQUIRED COMPONENTS platform was found in an install without it"
    fi
    # CMake wraps the reason: compare with the lines joined.
    tr -s ' \n' ' ' <"$work/c-require.out" | grep -q "not found: platform (layer 'platform' is not installed)" ||
        fail "no reason given: $(cat "$work/c-require.out")"
    cmake -S "$src/testbench/package/c_consumer" -B "$work/c-optional" -DITS_HOW=optional_platform \
        -DCMAKE_PREFIX_PATH="$prefix" >"$work/c-optional.log"
    grep "gicv3_its:" "$work/c-optional.log"
fi

step "C program through pkg-config gicv3-its-core"
flags=$(PKG_CONFIG_PATH=$lib/pkgconfig pkg-config --cflags --libs gicv3-its-core)
[ "$(PKG_CONFIG_PATH=$lib/pkgconfig pkg-config --modversion gicv3-its-core)" = "$version" ] ||
    fail "gicv3-its-core.pc is not version $version"
# shellcheck disable=SC2086
cc -std=c11 -o "$work/consumer-pc" "$src/testbench/package/c_consumer/consumer.c" $flags -Wl,-rpath,"$lib"
"$work/consumer-pc" "$version"

step "out-of-tree example (examples/) against the prefix alone"
cmake -S "$src/examples" -B "$work/example" -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$prefix" \
    "${launcher[@]}" >"$work/example-configure.log"
cmake --build "$work/example" -j "$(nproc)" >"$work/example-build.log" ||
    { cat "$work/example-build.log"; fail "the example does not build"; }
(cd "$work/example" && ctest --output-on-failure) || fail "the example does not pass"
SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1 "$work/example/soc-example" | tail -1
SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1 "$work/example/soc-example-plugin" "$work/example/its_plugin.so" | tail -1
echo "install ($mode): package, pkg-config, example and plugin pass against $prefix"
