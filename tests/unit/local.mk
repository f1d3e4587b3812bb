# tests/unit: one Check program per source unit (tests/unit/test_<unit>.c).  Each area lists its
# programs in its own fragment; programs use the default flags and LDADD from Makefile.am.
include tests/unit/base.mk
include tests/unit/provider.mk
include tests/unit/pki.mk
include tests/unit/record.mk
include tests/unit/keys.mk
include tests/unit/msgs_hello.mk
include tests/unit/msgs_other.mk
include tests/unit/conn.mk
include tests/unit/client.mk
include tests/unit/server.mk
