# cmake/player_fetch.cmake - run by the build (cmake/player.cmake) with
# -DVERSION=… -DINTEGRITY=sha512-… -DOUT=DIR [-DTARBALL=PATH]: puts
# asciinema-player's standalone bundle, its style, its licence and its version
# into OUT. The tarball is TARBALL when given, else OUT/asciinema-player-VERSION.tgz
# when an earlier build left it there, else what `npm pack` brings. Whichever
# it is, its SHA-512 must be the pinned one, or the build stops: a tarball
# that is not the one pinned is never unpacked.
cmake_minimum_required(VERSION 3.21)
foreach(var VERSION INTEGRITY OUT)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "player_fetch.cmake: -D${var}=… is missing")
  endif()
endforeach()
set(name "asciinema-player-${VERSION}.tgz")
file(MAKE_DIRECTORY "${OUT}")

# npm's integrity is "sha512-" and the hash in base64; cmake's file(SHA512) is
# hex: the pinned value is turned into hex to compare.
function(player_base64_to_hex b64 out)
  set(alphabet "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
  string(REGEX REPLACE "=+$" "" b64 "${b64}")
  string(LENGTH "${b64}" n)
  set(bits 0)
  set(nbits 0)
  set(hex "")
  math(EXPR last "${n} - 1")
  foreach(i RANGE 0 ${last})
    string(SUBSTRING "${b64}" ${i} 1 c)
    string(FIND "${alphabet}" "${c}" v)
    if(v LESS 0)
      message(FATAL_ERROR "player_fetch.cmake: the pinned integrity is not base64: ${b64}")
    endif()
    math(EXPR bits "((${bits} << 6) | ${v}) & 0xffff")
    math(EXPR nbits "${nbits} + 6")
    if(nbits GREATER_EQUAL 8)
      math(EXPR nbits "${nbits} - 8")
      math(EXPR byte "(${bits} >> ${nbits}) & 0xff" OUTPUT_FORMAT HEXADECIMAL)
      string(SUBSTRING "${byte}" 2 -1 byte)
      string(LENGTH "${byte}" len)
      if(len EQUAL 1)
        set(byte "0${byte}")
      endif()
      string(APPEND hex "${byte}")
    endif()
  endforeach()
  string(TOLOWER "${hex}" hex)
  set(${out} "${hex}" PARENT_SCOPE)
endfunction()

if(NOT INTEGRITY MATCHES "^sha512-(.+)$")
  message(FATAL_ERROR "player_fetch.cmake: the pinned integrity is not sha512-…: ${INTEGRITY}")
endif()
player_base64_to_hex("${CMAKE_MATCH_1}" want)

if(TARBALL)
  if(NOT EXISTS "${TARBALL}")
    message(FATAL_ERROR "IPCVIZ_PLAYER_TARBALL=${TARBALL}: no such file")
  endif()
  set(tgz "${TARBALL}")
elseif(EXISTS "${OUT}/${name}")
  set(tgz "${OUT}/${name}")
else()
  find_program(NPM npm)
  if(NOT NPM)
    message(FATAL_ERROR "ipcviz export needs asciinema-player ${VERSION}, fetched with npm: "
      "install npm (apt-get install npm; scripts/setup does), or give the tarball with "
      "-DIPCVIZ_PLAYER_TARBALL=PATH/${name}")
  endif()
  # Into a directory of its own first, so that a failed or cut fetch never
  # leaves a tarball that looks whole.
  set(fetch "${OUT}/fetch")
  file(REMOVE_RECURSE "${fetch}")
  file(MAKE_DIRECTORY "${fetch}")
  execute_process(COMMAND "${NPM}" pack --silent --ignore-scripts "asciinema-player@${VERSION}"
                  WORKING_DIRECTORY "${fetch}" RESULT_VARIABLE rc OUTPUT_QUIET)
  if(NOT rc EQUAL 0 OR NOT EXISTS "${fetch}/${name}")
    message(FATAL_ERROR "npm pack asciinema-player@${VERSION} failed (${rc}): without a "
      "network, give the tarball with -DIPCVIZ_PLAYER_TARBALL=PATH/${name}")
  endif()
  set(tgz "${fetch}/${name}")
endif()

file(SHA512 "${tgz}" got)
if(NOT got STREQUAL want)
  message(FATAL_ERROR "${tgz}: its SHA-512 is not the one pinned for asciinema-player "
    "${VERSION} (cmake/player.cmake): it is not that package, it is not used\n"
    "  pinned: ${want}\n  found:  ${got}")
endif()
if(NOT tgz STREQUAL "${OUT}/${name}")
  file(COPY_FILE "${tgz}" "${OUT}/${name}.part")
  file(RENAME "${OUT}/${name}.part" "${OUT}/${name}")
  file(REMOVE_RECURSE "${OUT}/fetch")
endif()

set(unpack "${OUT}/unpack")
file(REMOVE_RECURSE "${unpack}")
file(ARCHIVE_EXTRACT INPUT "${OUT}/${name}" DESTINATION "${unpack}"
     PATTERNS package/LICENSE package/package.json
              package/dist/bundle/asciinema-player.min.js package/dist/bundle/asciinema-player.css)
file(READ "${unpack}/package/package.json" manifest)
string(JSON got_version GET "${manifest}" version)
if(NOT got_version STREQUAL VERSION)
  message(FATAL_ERROR "${name} holds asciinema-player ${got_version}, not ${VERSION}")
endif()
foreach(pair "dist/bundle/asciinema-player.min.js|asciinema-player.min.js"
             "dist/bundle/asciinema-player.css|asciinema-player.css" "LICENSE|LICENSE")
  string(REPLACE "|" ";" pair "${pair}")
  list(GET pair 0 from)
  list(GET pair 1 to)
  if(NOT EXISTS "${unpack}/package/${from}")
    message(FATAL_ERROR "${name} has no ${from}")
  endif()
  file(COPY_FILE "${unpack}/package/${from}" "${OUT}/${to}")
endforeach()
file(WRITE "${OUT}/VERSION" "${VERSION}\n")
file(REMOVE_RECURSE "${unpack}")
# The archive's own times are from 1985: newer than their inputs, or make runs this each time.
file(TOUCH "${OUT}/asciinema-player.min.js" "${OUT}/asciinema-player.css" "${OUT}/LICENSE")
