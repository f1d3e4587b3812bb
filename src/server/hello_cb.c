/*
 * hello_cb.c - the EXPERIMENTAL ClientHello callback (rustls_server_config_builder_set_hello_callback):
 * what rustls-ffi's ClientHelloResolver shows the application and how its answer is taken.
 */
#include "server/choose.h"

#include <stdlib.h>
#include <string.h>

#include "api/certified_key.h"
#include "api/slices.h"
#include "server/tls13.h"

pt_err pt_server_hello_cb_resolve(pt_conn *c, const pt_client_hello *ch, const uint16_t *schemes,
                                  size_t n_schemes, const struct rustls_certified_key **out)
{
    pt_err err = PT_OK;
    uint16_t *groups = NULL;
    pt_slice *protos = NULL;
    size_t n_protos = 0;
    pt_slice body;
    *out = NULL;

    pt_u16_list group_list = {PT_SLICE_EMPTY, 0};
    if (pt_ext_get(&ch->ext, PT_EXT_SUPPORTED_GROUPS, &body)) {
        PT_CHECK(pt_ext_supported_groups_decode(body, &group_list));
    }
    PT_CHECK(pt_u16_list_to_array(&group_list, &groups));
    if (pt_ext_get(&ch->ext, PT_EXT_ALPN, &body)) {
        pt_alpn_list alpn;
        pt_alpn_iter it;
        pt_slice p;
        PT_CHECK(pt_ext_alpn_decode(body, &alpn));
        protos = calloc(alpn.count > 0 ? alpn.count : 1, sizeof *protos);
        PT_ENSURE_OUT(protos != NULL, PT_ERR_INTERNAL);
        pt_alpn_iter_init(&it, &alpn);
        while (pt_alpn_iter_next(&it, &p) && n_protos < alpn.count) {
            protos[n_protos++] = p;
        }
    }
    /* rustls-ffi: server_name is the SNI (empty without one), signature_schemes and named_groups
     * the client's lists (empty when absent), alpn the client's protocols (empty when absent). */
    struct rustls_slice_slice_bytes alpn_list = pt_slice_slice_bytes_of(protos, n_protos);
    static const uint16_t none[1] = {0};
    struct rustls_client_hello hello = {
        .server_name = {c->sni, strlen(c->sni)},
        .signature_schemes = {schemes, n_schemes},
        /* Never NULL, even when empty: rustls_client_hello_select_certified_key refuses NULL. */
        .named_groups = {groups != NULL ? groups : none, group_list.count},
        .alpn = &alpn_list,
    };
    const struct rustls_certified_key *key = c->server_config->hello_cb(c->userdata, &hello);
    if (key != NULL) {
        *out = pt_certified_key_ref(key);
    }
out:
    free(groups);
    free(protos);
    return err;
}
