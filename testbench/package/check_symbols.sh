#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The link surface of the built libraries: no global symbol a user's own code
# could collide with, and nothing internal exported from a shared library.
#
#   check_symbols.sh c   <prefix-regex> <public-header-dir> <library>...
#       C: every global defined symbol starts with the prefix; every one with
#       default visibility is declared in a public header (the rest are hidden).
#   check_symbols.sh cxx <namespace-regex> <library>...
#       C++: every strong global defined symbol belongs to one of the
#       namespaces (typeinfo, vtables and thunks of their classes included).
#
# Works on static archives and shared libraries alike (readelf lists each
# member of an archive). Prints the offenders and exits 1, else a summary.
set -euo pipefail
mode=$1 pattern=$2
shift 2
if [ "$mode" = c ]; then
    headers=$1
    shift
    # The names the public headers declare, comments left out (a name only
    # mentioned in a comment is not declared).
    declared=$(find "$headers" -name "*.h" -exec cat {} + | gcc -fpreprocessed -dD -E -P -x c - 2>/dev/null |
        grep -oE '\b[A-Za-z_][A-Za-z0-9_]*\b' | sort -u)
fi
bad=0 checked=0
for lib in "$@"; do
    [ -f "$lib" ] || { echo "no such library: $lib"; exit 1; }
    # Num: Value Size Type Bind Vis Ndx Name
    syms=$(readelf -sW "$lib" | awk '$5 == "GLOBAL" && $7 != "UND" && ($4 == "FUNC" || $4 == "OBJECT") { print $6, $8 }' | sort -u)
    while read -r vis name; do
        [ -n "$name" ] || continue
        checked=$((checked + 1))
        if [ "$mode" = c ]; then
            if ! [[ "$name" =~ ^($pattern) ]]; then
                echo "$(basename "$lib"): global '$name' lacks the prefix ($pattern)"
                bad=$((bad + 1))
            elif [ "$vis" = DEFAULT ] && ! grep -qxF "$name" <<<"$declared"; then
                echo "$(basename "$lib"): '$name' is exported but in no public header: make it static or hidden"
                bad=$((bad + 1))
            fi
        else
            plain=$(c++filt "$name")
            plain=${plain#non-virtual thunk to }
            plain=${plain#virtual thunk to }
            plain=${plain#typeinfo name for }
            plain=${plain#typeinfo for }
            plain=${plain#construction vtable for }
            plain=${plain#vtable for }
            plain=${plain#VTT for }
            plain=${plain#guard variable for }
            plain=${plain#TLS init function for }
            plain=${plain#TLS wrapper function for }
            # A function template's name comes after its return type.
            [[ "$plain" =~ ^[^\(]*\ (($pattern)::.*)$ ]] && plain=${BASH_REMATCH[1]}
            if ! [[ "$plain" =~ ^($pattern):: ]]; then
                echo "$(basename "$lib"): global '$plain' is outside the namespaces ($pattern)"
                bad=$((bad + 1))
            fi
        fi
    done <<<"$syms"
done
[ "$checked" -gt 0 ] || { echo "no global symbols found in: $*"; exit 1; }
[ "$bad" -eq 0 ] || { echo "$bad of $checked global symbols break the link surface"; exit 1; }
echo "symbols: $checked global symbols in $#: all within ($pattern)"
