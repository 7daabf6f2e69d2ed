# cmake/player.cmake - the web player that `ipcviz export` puts in each page:
# asciinema-player, the npm package, at the version pinned here and checked
# against the integrity hash pinned here (the one `npm view
# asciinema-player@VERSION dist.integrity` prints). No copy of it is kept in
# the source tree: the build gets it once into BUILD/player/ with Debian's npm
# (`npm pack`, which fetches the package's tarball from the npm registry
# configured for npm), or takes the tarball given as -DIPCVIZ_PLAYER_TARBALL=PATH
# (an offline build; scripts/package and tests/package pass the build's own).
# cmake/player_fetch.cmake does the fetching, checking and unpacking.
#
#   BUILD/player/asciinema-player.min.js   the player (its standalone bundle)
#   BUILD/player/asciinema-player.css      its style
#   BUILD/player/LICENSE                   its licence, Apache-2.0
#   BUILD/player/VERSION                   the version, one line
#
# The same four files are installed into IPCVIZ_DATADIR/player (share/ipcviz/
# player/). The program finds them next to itself in the build tree, else
# under the prefix (ui/main.c main_playerdir), or in $IPCVIZ_PLAYER_DIR.
set(IPCVIZ_PLAYER_VERSION "3.18.0")
set(IPCVIZ_PLAYER_INTEGRITY
    "sha512-5gpt2ipFcy4NKmgkv+c/QXnJ9zMicxqWROCOuJqgwwtiYKM8Qe9hnDOvfqke5bW6M2DW/seO3uQYkQ0xeUUVtw==")
set(IPCVIZ_PLAYER_TARBALL "" CACHE FILEPATH
    "asciinema-player-${IPCVIZ_PLAYER_VERSION}.tgz to use instead of fetching it with npm (checked all the same)")

set(IPCVIZ_PLAYER_DIR ${CMAKE_BINARY_DIR}/player)
set(IPCVIZ_PLAYER_FILES ${IPCVIZ_PLAYER_DIR}/asciinema-player.min.js
    ${IPCVIZ_PLAYER_DIR}/asciinema-player.css ${IPCVIZ_PLAYER_DIR}/LICENSE
    ${IPCVIZ_PLAYER_DIR}/VERSION)
set(player_depends ${CMAKE_SOURCE_DIR}/cmake/player_fetch.cmake ${CMAKE_SOURCE_DIR}/cmake/player.cmake)
if(IPCVIZ_PLAYER_TARBALL)
  list(APPEND player_depends ${IPCVIZ_PLAYER_TARBALL})
endif()
add_custom_command(
  OUTPUT ${IPCVIZ_PLAYER_FILES}
  COMMAND ${CMAKE_COMMAND} -DVERSION=${IPCVIZ_PLAYER_VERSION}
          -DINTEGRITY=${IPCVIZ_PLAYER_INTEGRITY} -DTARBALL=${IPCVIZ_PLAYER_TARBALL}
          -DOUT=${IPCVIZ_PLAYER_DIR} -P ${CMAKE_SOURCE_DIR}/cmake/player_fetch.cmake
  DEPENDS ${player_depends}
  COMMENT "Getting asciinema-player ${IPCVIZ_PLAYER_VERSION} for ipcviz export"
  VERBATIM)
add_custom_target(player ALL DEPENDS ${IPCVIZ_PLAYER_FILES})
add_dependencies(ipcviz player)

target_compile_definitions(ipcviz PRIVATE
  IPCVIZ_BUILD_PLAYERDIR="${IPCVIZ_PLAYER_DIR}"
  IPCVIZ_INSTALL_PLAYERDIR="${IPCVIZ_FULL_DATADIR}/player")
install(FILES ${IPCVIZ_PLAYER_FILES} DESTINATION ${IPCVIZ_DATADIR}/player)
