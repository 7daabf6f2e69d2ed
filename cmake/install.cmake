# cmake/install.cmake - what `cmake --install` puts under the prefix, and the Debian
# package that CPack makes of the very same files (scripts/package).
#
# The program finds its translations under the prefix given at configure time
# (po/CMakeLists.txt, ui/main.c main_localedir), so a package is configured with
# -DCMAKE_INSTALL_PREFIX=/usr and packaged with that prefix; any other prefix
# (e.g. /tmp/x, $HOME/.local) gets the same tree under it:
#
#   bin/ipcviz                                     the program (po/CMakeLists.txt)
#   share/locale/LANG/LC_MESSAGES/ipcviz.mo        its translations (po/CMakeLists.txt)
#   share/man/man1/ipcviz.1.gz                     man/ipcviz.1, gzip -9n
#   share/man/zh_CN/man1/ipcviz.1.gz               man/zh_CN/ipcviz.1 (cmake/man_cjk.pl), gzip -9n
#   share/bash-completion/completions/ipcviz       completion/ipcviz
#   share/doc/ipcviz/README.md, docs/*.md          the documentation
#   share/doc/ipcviz/examples/*.ini                the built-in scenarios, as examples
#   share/doc/ipcviz/copyright                     the licence, Debian's machine-readable format
#   share/doc/ipcviz/changelog.Debian.gz           cmake/debian/changelog, gzip -9n
#   share/lintian/overrides/ipcviz                 what lintian need not say, and why
#   IPCVIZ_DATADIR (share/ipcviz/)                 data the program reads at run time:
#                                                  the web player of `ipcviz export`
#
# Installing into IPCVIZ_DATADIR: install(FILES … DESTINATION ${IPCVIZ_DATADIR});
# the program knows the full path as IPCVIZ_INSTALL_DATADIR (a C string).
# docs/install.md says all of this for people.
include(GNUInstallDirs)
find_program(GZIP gzip REQUIRED)
find_program(PERL perl REQUIRED)

# One licence, named here: `ipcviz --version` prints this name, the copyright file
# carries it with the text of LICENSE.
set(IPCVIZ_LICENSE "MIT")
set(IPCVIZ_MAINTAINER "ipcviz maintainers <maintainers@users.noreply.r-seed-e7680b59.example>"
    CACHE STRING "The Debian package's Maintainer (name <address>)")
set(IPCVIZ_DATADIR "${CMAKE_INSTALL_DATADIR}/ipcviz"
    CACHE STRING "Data ipcviz reads at run time (the web player of ipcviz export), under the prefix")
if(IS_ABSOLUTE "${IPCVIZ_DATADIR}")
  set(IPCVIZ_FULL_DATADIR "${IPCVIZ_DATADIR}")
else()
  set(IPCVIZ_FULL_DATADIR "${CMAKE_INSTALL_PREFIX}/${IPCVIZ_DATADIR}")
endif()
target_compile_definitions(ipcviz PRIVATE IPCVIZ_LICENSE="${IPCVIZ_LICENSE}"
  IPCVIZ_INSTALL_DATADIR="${IPCVIZ_FULL_DATADIR}")

# The Debian version is the top entry of the changelog: UPSTREAM-REVISION, where
# UPSTREAM must be the project's version (a new version needs a new entry).
set(IPCVIZ_DEB_DIR ${CMAKE_SOURCE_DIR}/cmake/debian)
file(STRINGS ${IPCVIZ_DEB_DIR}/changelog deb_top LIMIT_COUNT 1)
if(NOT deb_top MATCHES "^ipcviz \\(([^)-]+)-([^)]+)\\) ")
  message(FATAL_ERROR "cmake/debian/changelog: the first line is not 'ipcviz (VERSION-REVISION) …'")
endif()
if(NOT CMAKE_MATCH_1 STREQUAL PROJECT_VERSION)
  message(FATAL_ERROR "cmake/debian/changelog: its latest entry is for ${CMAKE_MATCH_1}, the project "
                      "is ${PROJECT_VERSION}: add an entry for ${PROJECT_VERSION}")
endif()
set(IPCVIZ_DEB_REVISION ${CMAKE_MATCH_2})

# The copyright file: the text of LICENSE from its permission notice on, as a
# License paragraph (each line indented by one space, an empty line as " .").
file(READ ${CMAKE_SOURCE_DIR}/LICENSE licence_text)
string(FIND "${licence_text}" "Permission is hereby granted" licence_start)
string(SUBSTRING "${licence_text}" ${licence_start} -1 licence_text)
string(STRIP "${licence_text}" licence_text)
string(REPLACE "\n\n" "\n.\n" licence_text "${licence_text}")
string(REPLACE "\n" "\n " licence_text "${licence_text}")
set(IPCVIZ_LICENSE_TEXT " ${licence_text}")
set(IPCVIZ_STAGE ${CMAKE_BINARY_DIR}/install)
configure_file(${IPCVIZ_DEB_DIR}/copyright.in ${IPCVIZ_STAGE}/copyright @ONLY)

# Compressed as Debian wants them, without name or time stamp (the same bytes every build).
foreach(pair "${CMAKE_SOURCE_DIR}/man/ipcviz.1|ipcviz.1.gz"
             "${IPCVIZ_DEB_DIR}/changelog|changelog.Debian.gz")
  string(REPLACE "|" ";" pair "${pair}")
  list(GET pair 0 from)
  list(GET pair 1 to)
  add_custom_command(OUTPUT ${IPCVIZ_STAGE}/${to}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${IPCVIZ_STAGE}
    COMMAND sh -c "\"$0\" -9n < \"$1\" > \"$2\"" ${GZIP} ${from} ${IPCVIZ_STAGE}/${to}
    DEPENDS ${from} VERBATIM)
  list(APPEND IPCVIZ_STAGED ${IPCVIZ_STAGE}/${to})
endforeach()
# The Chinese page, made breakable for groff first.
add_custom_command(OUTPUT ${IPCVIZ_STAGE}/ipcviz.zh_CN.1.gz
  COMMAND ${CMAKE_COMMAND} -E make_directory ${IPCVIZ_STAGE}
  COMMAND sh -c "\"$0\" -CSD -0777 -p \"$1\" < \"$2\" | \"$3\" -9n > \"$4\""
          ${PERL} ${CMAKE_SOURCE_DIR}/cmake/man_cjk.pl ${CMAKE_SOURCE_DIR}/man/zh_CN/ipcviz.1
          ${GZIP} ${IPCVIZ_STAGE}/ipcviz.zh_CN.1.gz
  DEPENDS ${CMAKE_SOURCE_DIR}/man/zh_CN/ipcviz.1 ${CMAKE_SOURCE_DIR}/cmake/man_cjk.pl VERBATIM)
list(APPEND IPCVIZ_STAGED ${IPCVIZ_STAGE}/ipcviz.zh_CN.1.gz)
add_custom_target(install_files ALL DEPENDS ${IPCVIZ_STAGED})

# The program itself is installed by po/CMakeLists.txt, just before this file
# runs (CMP0082); what the linker gathered into .comment (the compilers' names,
# of crt*.o too) says nothing to a user: out, as Debian's dh_strip does.
install(CODE "execute_process(COMMAND \"${CMAKE_OBJCOPY}\" --remove-section=.comment
  \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}/ipcviz\")")
install(FILES ${IPCVIZ_STAGE}/ipcviz.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${IPCVIZ_STAGE}/ipcviz.zh_CN.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/zh_CN/man1
        RENAME ipcviz.1.gz)
install(FILES ${CMAKE_SOURCE_DIR}/completion/ipcviz
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
install(FILES ${CMAKE_SOURCE_DIR}/README.md ${IPCVIZ_STAGE}/copyright
              ${IPCVIZ_STAGE}/changelog.Debian.gz
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
file(GLOB IPCVIZ_DOC_FILES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/docs/*.md)
install(FILES ${IPCVIZ_DOC_FILES} DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs)
install(FILES ${SCENARIO_FILES} DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
install(FILES ${IPCVIZ_DEB_DIR}/lintian-overrides DESTINATION ${CMAKE_INSTALL_DATADIR}/lintian/overrides
        RENAME ipcviz)

# ---- the Debian package (cpack -G DEB; scripts/package runs it) ----------------
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME ipcviz)
set(CPACK_PACKAGE_VENDOR "the ipcviz authors")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "${IPCVIZ_MAINTAINER}")
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "watch real processes talk through pipes, queues and shared memory")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "ipcviz teaches inter-process communication by running it. It forks real
producer and consumer processes, connects them with a real kernel channel (a
pipe, a POSIX message queue, a shared-memory value, a ring buffer with
semaphores, a socket pair, a named pipe) and shows every item as it moves in a
terminal: when a process is asleep in the kernel because the channel is full or
empty, with the kernel's own evidence from /proc, when a shared value is
overwritten before anyone read it, when two processes lose an update to a
shared counter.

A deterministic scheduler makes every run of a scenario the same, on the
screen, as a text timeline or in an asciicast recording. The screen and its
messages are in English and Simplified Chinese.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE ${IPCVIZ_DEB_REVISION})
set(CPACK_DEBIAN_PACKAGE_SECTION education)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "bash-completion")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
include(CPack)
