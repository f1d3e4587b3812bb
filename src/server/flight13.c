/*
 * flight13.c - the TLS 1.3 server's flight after the ServerHello (RFC 8446 4.3 - 4.4):
 * EncryptedExtensions, CertificateRequest (client authentication), Certificate,
 * CertificateVerify and Finished, then the application traffic secrets (RFC 8446 7.1).
 */
#include "server/tls13.h"

#include <stdlib.h>
#include <string.h>

#include "api/certified_key.h"
#include "api/root_store.h"
#include "api/verifier.h"
#include "base/mem.h"
#include "msgs/certificate.h"
#include "msgs/certificate_request.h"
#include "msgs/certificate_verify.h"
#include "msgs/encrypted_extensions.h"
#include "msgs/finished.h"

/* A Certificate holds at most 2^24-1 bytes of entries (RFC 8446 4.4.2). */
#define CERT_MSG_LIMIT (4u + 1u + 3u + 0xffffffu)

pt_err pt_server13_send(pt_conn *c, pt_writer *w)
{
    PT_TRY(pt_w_finish(w));
    pt_slice m = pt_w_slice(w);
    PT_TRY(pt_transcript_add(&c->hs->transcript, m.p, m.len));
    return pt_conn_send_hs(c, m);
}

/*
 * RFC 8446 4.3.1: the ALPN choice; and, as rustls does, an empty server_name when the client's
 * host_name was used (RFC 6066 3: "the "extension_data" field of this extension SHALL be empty").
 */
static pt_err send_encrypted_extensions(pt_conn *c)
{
    uint8_t ext_buf[2 + 2 + 2 + 1 + 255 + 4];
    uint8_t msg_buf[4 + 2 + sizeof ext_buf];
    pt_writer ew, w;
    pt_writer_init_fixed(&ew, ext_buf, sizeof ext_buf);
    if (c->alpn_len > 0) {
        pt_slice proto = pt_slice_of(c->alpn, c->alpn_len);
        pt_ext_alpn_encode(&ew, &proto, 1);
    }
    if (c->sni[0] != '\0') {
        pt_ext_encode_empty(&ew, PT_EXT_SERVER_NAME);
    }
    PT_TRY(pt_w_finish(&ew));
    pt_encrypted_extensions ee;
    pt_ext_block_init(&ee.ext);
    ee.ext.raw = pt_w_slice(&ew);
    pt_writer_init_fixed(&w, msg_buf, sizeof msg_buf);
    pt_wvec v = pt_hs_open(&w, PT_HS_ENCRYPTED_EXTENSIONS);
    pt_encrypted_extensions_encode(&w, &ee);
    pt_w_close_vec(&w, v);
    return pt_server13_send(c, &w);
}

/* The hint store's subjects, copied into one growable buffer (offsets, then slices). */
typedef struct dn_collect {
    pt_writer buf;
    size_t *ends;
    size_t n, cap;
    bool failed;
} dn_collect;

static void collect_dn(void *arg, pt_slice dn)
{
    dn_collect *d = arg;
    if (d->n == d->cap) {
        size_t cap = d->cap ? 2 * d->cap : 8;
        size_t *e = realloc(d->ends, cap * sizeof *e);
        if (e == NULL) {
            d->failed = true;
            return;
        }
        d->ends = e;
        d->cap = cap;
    }
    pt_w_bytes(&d->buf, dn.p, dn.len);
    d->ends[d->n++] = d->buf.off;
}

/*
 * RFC 8446 4.3.2: CertificateRequest with an empty context, signature_algorithms ("MUST be
 * specified") listing the schemes the provider verifies, and - as rustls, unless the hints were
 * cleared - certificate_authorities (4.2.4) naming the subjects of the verifier's hint store.
 */
static pt_err send_certificate_request(pt_conn *c)
{
    const uint16_t *vs = c->tables->sig->verify_schemes;
    const struct rustls_root_cert_store *hints = pt_client_verifier_hint_store(c->server_config->client_verifier);
    pt_err err = PT_OK;
    pt_slice *dns = NULL;
    size_t n = 0;
    dn_collect d = {.ends = NULL, .n = 0, .cap = 0, .failed = false};
    pt_writer ew, w;
    pt_writer_init_growable(&d.buf, 1024, 0xffff);
    pt_writer_init_growable(&ew, 256, 0x10000);
    pt_writer_init_growable(&w, 256, 0x10000 + 8);
    while (vs[n] != 0) {
        n++;
    }
    pt_ext_signature_algorithms_encode(&ew, PT_EXT_SIGNATURE_ALGORITHMS, vs, n);
    if (hints != NULL) {
        PT_CHECK(c->tables->x509->store_subjects(pt_root_cert_store_anchors(hints), collect_dn, &d));
        PT_ENSURE_OUT(!d.failed, PT_ERR_INTERNAL);
        PT_CHECK(pt_w_finish(&d.buf));
        if (d.n > 0) {
            dns = calloc(d.n, sizeof *dns);
            PT_ENSURE_OUT(dns != NULL, PT_ERR_INTERNAL);
            for (size_t i = 0; i < d.n; i++) {
                size_t start = i == 0 ? 0 : d.ends[i - 1];
                dns[i] = pt_slice_of(d.buf.base + start, d.ends[i] - start);
            }
            pt_ext_certificate_authorities_encode(&ew, dns, d.n);
        }
    }
    PT_CHECK(pt_w_finish(&ew));
    pt_certificate_request13 cr = {PT_SLICE_EMPTY, pt_w_slice(&ew)};
    pt_wvec v = pt_hs_open(&w, PT_HS_CERTIFICATE_REQUEST);
    pt_certificate_request13_encode(&w, &cr);
    pt_w_close_vec(&w, v);
    PT_CHECK(pt_server13_send(c, &w));
out:
    free(dns);
    free(d.ends);
    pt_writer_free(&d.buf);
    pt_writer_free(&ew);
    pt_writer_free(&w);
    return err;
}

/* RFC 8446 4.4.2: the chain, leaf first; the OCSP response in the leaf's status_request entry
 * extension (RFC 8446 4.4.2.1) when the client asked for one (RFC 6066 8) and we have one. */
static pt_err send_certificate(pt_conn *c, const pt_client_hello *ch)
{
    pt_server_hs *hs = (pt_server_hs *)c->hs;
    pt_err err = PT_OK;
    size_t n = pt_certified_key_chain_len(hs->key);
    pt_slice stack_chain[8];
    pt_slice *chain = stack_chain;
    pt_writer w;
    pt_writer_init_growable(&w, 2048, CERT_MSG_LIMIT);
    if (n > PT_ARRAY_LEN(stack_chain)) {
        chain = calloc(n, sizeof *chain);
        PT_ENSURE_OUT(chain != NULL, PT_ERR_INTERNAL);
    }
    for (size_t i = 0; i < n; i++) {
        chain[i] = pt_certified_key_cert(hs->key, i);
    }
    pt_slice ocsp = PT_SLICE_EMPTY;
    if (pt_ext_has(&ch->ext, PT_EXT_STATUS_REQUEST)) {
        ocsp = pt_certified_key_ocsp(hs->key);
    }
    pt_wvec v = pt_hs_open(&w, PT_HS_CERTIFICATE);
    pt_certificate13_encode_chain(&w, PT_SLICE_EMPTY, chain, n, ocsp, PT_SLICE_EMPTY);
    pt_w_close_vec(&w, v);
    err = pt_server13_send(c, &w);
out:
    if (chain != stack_chain) {
        free(chain);
    }
    pt_writer_free(&w);
    return err;
}

/* RFC 8446 4.4.3: sign "TLS 1.3, server CertificateVerify" || Transcript-Hash(CH..Certificate). */
static pt_err send_certificate_verify(pt_conn *c, uint16_t scheme)
{
    pt_server_hs *hs = (pt_server_hs *)c->hs;
    pt_err err = PT_OK;
    uint8_t th[PT_HASH_MAX], content[PT_CV_CONTENT_MAX], sig[PT_SIG_MAX];
    uint8_t msg_buf[4 + 2 + 2 + PT_SIG_MAX];
    size_t sig_len = 0;
    pt_writer cw, w;
    PT_CHECK(pt_transcript_current(&hs->base.transcript, th));
    pt_writer_init_fixed(&cw, content, sizeof content);
    pt_certificate_verify_content(&cw, true, pt_slice_of(th, hs->suite->hash->out_len));
    PT_CHECK(pt_w_finish(&cw));
    const pt_sig_ops *ops = pt_certified_key_sig_ops(hs->key);
    PT_CHECK(ops->sign(pt_certified_key_signing_key(hs->key), scheme, pt_w_slice(&cw), sig, sizeof sig, &sig_len));
    pt_certificate_verify cv = {scheme, pt_slice_of(sig, sig_len)};
    pt_writer_init_fixed(&w, msg_buf, sizeof msg_buf);
    pt_wvec v = pt_hs_open(&w, PT_HS_CERTIFICATE_VERIFY);
    pt_certificate_verify_encode(&w, &cv);
    pt_w_close_vec(&w, v);
    PT_CHECK(pt_server13_send(c, &w));
out:
    pt_wipe(content, sizeof content);
    return err;
}

/*
 * RFC 8446 4.4.4: Finished with the server handshake traffic secret, then (7.1) the master
 * secret and the application traffic secrets over CH..server Finished.  The server sends with
 * its application keys from here on; it receives with the client handshake keys until the
 * client's Finished is checked.
 */
static pt_err send_finished_and_switch(pt_conn *c, const uint8_t *server_hs)
{
    pt_server_hs *hs = (pt_server_hs *)c->hs;
    const pt_hash *h = hs->suite->hash;
    pt_err err = PT_OK;
    uint8_t th[PT_HASH_MAX], vd[PT_HASH_MAX], server_app[PT_HASH_MAX];
    uint8_t msg_buf[4 + PT_HASH_MAX];
    pt_writer w;
    PT_CHECK(pt_transcript_current(&hs->base.transcript, th));
    PT_CHECK(pt_tls13_verify_data(h, server_hs, th, vd));
    pt_finished fin = {pt_slice_of(vd, h->out_len)};
    pt_writer_init_fixed(&w, msg_buf, sizeof msg_buf);
    pt_wvec v = pt_hs_open(&w, PT_HS_FINISHED);
    pt_finished_encode(&w, &fin);
    pt_w_close_vec(&w, v);
    PT_CHECK(pt_server13_send(c, &w));

    PT_CHECK(pt_transcript_current(&hs->base.transcript, th));
    PT_CHECK(pt_ks13_to_master(&hs->ks));
    PT_CHECK(pt_ks13_app_traffic(&hs->ks, th, hs->client_app_secret, server_app));
    /* Kept in the connection for the exporter API, which answers once the handshake is complete
     * (after the client's Finished), not in this half-RTT window. */
    PT_CHECK(pt_ks13_exporter_master(&hs->ks, th, c->exporter_secret));
    pt_conn_keylog(c, "CLIENT_TRAFFIC_SECRET_0", hs->client_app_secret, h->out_len);
    pt_conn_keylog(c, "SERVER_TRAFFIC_SECRET_0", server_app, h->out_len);
    pt_conn_keylog(c, "EXPORTER_SECRET", c->exporter_secret, h->out_len);
    PT_CHECK(pt_conn_set_tx_keys13(c, server_app, true));
    PT_CHECK(pt_conn_set_rx_keys13(c, hs->client_hs_secret, false));
out:
    pt_wipe(vd, sizeof vd);
    pt_wipe(server_app, sizeof server_app);
    return err;
}

pt_err pt_server13_send_flight(pt_conn *c, const pt_client_hello *ch, uint16_t scheme, const uint8_t *server_hs)
{
    bool client_auth = c->server_config->client_verifier != NULL;
    PT_TRY(send_encrypted_extensions(c));
    if (client_auth) {
        PT_TRY(send_certificate_request(c));
    }
    PT_TRY(send_certificate(c, ch));
    PT_TRY(send_certificate_verify(c, scheme));
    PT_TRY(send_finished_and_switch(c, server_hs));
    c->state = client_auth ? PT_S13_EXPECT_CERTIFICATE : PT_S13_EXPECT_FINISHED;
    return PT_OK;
}
