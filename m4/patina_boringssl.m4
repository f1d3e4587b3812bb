dnl PATINA_CHECK_BORINGSSL
dnl Find BoringSSL's libcrypto: Debian's android-libboringssl-dev layout by default
dnl (/usr/include/android, /usr/lib/<multiarch>/android), or --with-boringssl=DIR for any other
dnl build (DIR/include plus DIR/lib, DIR/lib64, DIR/build or DIR/build/crypto).  It refuses
dnl OpenSSL's libcrypto: the headers must define OPENSSL_IS_BORINGSSL and the library must
dnl export a BoringSSL-only symbol.  The library directory goes into the rpath.
dnl Sets and substitutes BORINGSSL_CPPFLAGS, BORINGSSL_LDFLAGS, BORINGSSL_LIBS, BORINGSSL_LIBDIR.
AC_DEFUN([PATINA_CHECK_BORINGSSL], [
  AC_ARG_WITH([boringssl],
    [AS_HELP_STRING([--with-boringssl=DIR],
      [BoringSSL build or install prefix (default: Debian android-libboringssl-dev layout)])],
    [], [with_boringssl=default])

  bssl_incdir=""
  bssl_libdir=""
  AS_CASE(["$with_boringssl"],
    [no], [AC_MSG_ERROR([patina needs BoringSSL's libcrypto; --without-boringssl is not possible])],
    [default|yes], [
      bssl_incdir=/usr/include/android
      multiarch=`$CC -print-multiarch 2>/dev/null`
      AS_IF([test -z "$multiarch" && command -v dpkg-architecture >/dev/null 2>&1],
            [multiarch=`dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null`])
      for d in "/usr/lib/$multiarch/android" /usr/lib/*/android /usr/lib/android; do
        AS_IF([test -f "$d/libcrypto.so" || test -f "$d/libcrypto.a"], [bssl_libdir=$d; break])
      done
    ],
    [
      bssl_incdir="$with_boringssl/include"
      for d in "$with_boringssl/lib" "$with_boringssl/lib64" "$with_boringssl/build/crypto" "$with_boringssl/build"; do
        AS_IF([test -f "$d/libcrypto.so" || test -f "$d/libcrypto.a"], [bssl_libdir=$d; break])
      done
    ])

  AC_MSG_CHECKING([for BoringSSL headers])
  AS_IF([test -f "$bssl_incdir/openssl/base.h"], [AC_MSG_RESULT([$bssl_incdir])], [
    AC_MSG_RESULT([no])
    AS_IF([test -f "$bssl_incdir/openssl/opensslv.h"],
      [AC_MSG_ERROR([$bssl_incdir/openssl holds OpenSSL's headers, not BoringSSL's; patina needs BoringSSL's libcrypto.
  On Debian/Ubuntu: apt-get install android-libboringssl-dev (and drop --with-boringssl)])])
    AC_MSG_ERROR([BoringSSL headers not found in '$bssl_incdir'.
  On Debian/Ubuntu: apt-get install android-libboringssl-dev
  Otherwise: ./configure --with-boringssl=DIR (DIR/include/openssl/base.h must exist)])
  ])
  AC_MSG_CHECKING([for BoringSSL libcrypto])
  AS_IF([test -n "$bssl_libdir"], [AC_MSG_RESULT([$bssl_libdir])], [
    AC_MSG_RESULT([no])
    AC_MSG_ERROR([BoringSSL libcrypto not found (looked for libcrypto.so or libcrypto.a).
  On Debian/Ubuntu: apt-get install android-libboringssl-dev
  Otherwise: ./configure --with-boringssl=DIR])
  ])

  BORINGSSL_CPPFLAGS="-I$bssl_incdir"
  BORINGSSL_LIBDIR="$bssl_libdir"
  AS_IF([test -f "$bssl_libdir/libcrypto.so"],
        [BORINGSSL_LDFLAGS="-L$bssl_libdir -Wl,-rpath,$bssl_libdir"],
        [BORINGSSL_LDFLAGS="-L$bssl_libdir"])
  BORINGSSL_LIBS="-lcrypto -lpthread"

  save_CPPFLAGS=$CPPFLAGS; save_LDFLAGS=$LDFLAGS; save_LIBS=$LIBS
  CPPFLAGS="$BORINGSSL_CPPFLAGS $CPPFLAGS"
  LDFLAGS="$BORINGSSL_LDFLAGS $LDFLAGS"
  LIBS="$BORINGSSL_LIBS $LIBS"
  AC_MSG_CHECKING([that the headers are BoringSSL's, not OpenSSL's])
  AC_COMPILE_IFELSE([AC_LANG_PROGRAM([[#include <openssl/base.h>
#ifndef OPENSSL_IS_BORINGSSL
#error not BoringSSL
#endif
]], [])], [AC_MSG_RESULT([yes])], [
    AC_MSG_RESULT([no])
    AC_MSG_ERROR([$bssl_incdir/openssl/base.h does not define OPENSSL_IS_BORINGSSL; patina refuses OpenSSL's libcrypto])
  ])
  AC_MSG_CHECKING([that libcrypto is BoringSSL's (links EVP_aead_*)])
  AC_LINK_IFELSE([AC_LANG_PROGRAM([[#include <openssl/aead.h>]],
                                  [[return EVP_aead_aes_128_gcm() == 0 || EVP_aead_chacha20_poly1305() == 0;]])],
    [AC_MSG_RESULT([yes])], [
    AC_MSG_RESULT([no])
    AC_MSG_ERROR([cannot link BoringSSL's libcrypto from $bssl_libdir (is it OpenSSL's?)])
  ])
  CPPFLAGS=$save_CPPFLAGS; LDFLAGS=$save_LDFLAGS; LIBS=$save_LIBS

  AC_SUBST([BORINGSSL_CPPFLAGS])
  AC_SUBST([BORINGSSL_LDFLAGS])
  AC_SUBST([BORINGSSL_LIBS])
  AC_SUBST([BORINGSSL_LIBDIR])
])
