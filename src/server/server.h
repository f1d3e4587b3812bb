/*
 * server.h - starting a server handshake.
 */
#ifndef PT_SERVER_SERVER_H
#define PT_SERVER_SERVER_H

#include "base/err.h"
#include "conn/conn.h"

/*
 * Begin the handshake on a new server connection whose server_config is set: allocate the
 * handshake block and set c->role / c->state to await the ClientHello.  Sends nothing.
 */
PT_MUST_USE pt_err pt_server_start(pt_conn *c);

#endif
