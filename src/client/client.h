/*
 * client.h - starting a client handshake.
 */
#ifndef PT_CLIENT_CLIENT_H
#define PT_CLIENT_CLIENT_H

#include "base/err.h"
#include "conn/configs.h"
#include "conn/conn.h"

/*
 * Begin the handshake on a new client connection whose client_config is set: allocate the
 * handshake block, build and queue the ClientHello for `server_name` (a DNS name or an IP
 * literal, already validated by the caller; SNI is sent only for a DNS name and only when the
 * config enables it), offering `alpn` (the config's list or a per-connection override), and set
 * c->role / c->state to await the ServerHello.
 */
PT_MUST_USE pt_err pt_client_start(pt_conn *c, const char *server_name, const pt_alpn_protos *alpn);

#endif
