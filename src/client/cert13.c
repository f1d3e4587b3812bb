/*
 * cert13.c - the TLS 1.3 client's certificate messages (RFC 8446 4.3.2, 4.4.2, 4.4.3):
 * the server's CertificateRequest, Certificate and CertificateVerify, the server chain check
 * (the config's verifier, or the dangerous custom callback as rustls-ffi calls it), and our
 * own Certificate / CertificateVerify when the server asked for one.
 */
#include <stdlib.h>
#include <string.h>

#include "api/certified_key.h"
#include "api/slices.h"
#include "api/verifier.h"
#include "base/mem.h"
#include "client/tls13.h"
#include "msgs/certificate.h"
#include "msgs/certificate_request.h"
#include "msgs/certificate_verify.h"
#include "msgs/extensions.h"


/* ---------------------------------------------------------------- CertificateRequest */

/* Pick the first configured key that can sign with one of `compat` (rustls-ffi's
 * ResolvesClientCertFromChoices), with the config's signing schemes or else the key's own
 * scheme preference. */
static void choose_client_key(pt_conn *c, pt_client13_hs *hs, const uint16_t *compat, size_t n_compat)
{
    const struct rustls_client_config *cfg = c->client_config;
    for (size_t k = 0; k < cfg->n_client_keys; k++) {
        uint16_t scheme;
        if (pt_certified_key_scheme(cfg->client_keys[k], compat, n_compat, cfg->signing.v, cfg->signing.n, NULL,
                                    &scheme)) {
            hs->client_key = cfg->client_keys[k];
            hs->client_scheme = scheme;
            return;
        }
    }
}

static pt_err handle_cert_request(pt_conn *c, const pt_hs_msg *msg)
{
    pt_client13_hs *hs = pt_client13_hs_of(c);
    pt_certificate_request13 cr;
    pt_ext_block ext;
    pt_slice body;
    pt_u16_list offered = {PT_SLICE_EMPTY, 0};
    uint16_t compat[64];
    size_t n_compat = 0;

    PT_TRY(pt_certificate_request13_decode(msg->body, &cr));
    PT_TRY(pt_ext_parse_contents(cr.extensions, PT_EXT_CTX_CERTIFICATE_REQUEST, &ext));
    /* RFC 8446 4.3.2: in the main handshake the context "SHALL be zero length" (rustls:
     * decode_error, InvalidCertRequest). */
    PT_ENSURE(cr.context.len == 0, PT_ERR(DECODE_ERROR, RUSTLS_RESULT_MESSAGE_INVALID_CERT_REQUEST));
    if (pt_ext_get(&ext, PT_EXT_SIGNATURE_ALGORITHMS, &body)) {
        PT_TRY(pt_ext_signature_algorithms_decode(body, &offered));
    }
    for (size_t i = 0; i < offered.count && n_compat < 64; i++) {
        uint16_t s = pt_u16_list_at(&offered, i);
        if (pt_client13_scheme_tls13(s)) {
            compat[n_compat++] = s;
        }
    }
    /* rustls: no TLS 1.3 scheme in common is handshake_failure, PeerIncompatible. */
    PT_ENSURE(n_compat > 0, PT_ERR(HANDSHAKE_FAILURE, RUSTLS_RESULT_PEER_INCOMPATIBLE_ERROR));
    hs->cert_requested = true;
    choose_client_key(c, hs, compat, n_compat);
    c->state = PT_C13_EXPECT_CERTIFICATE;
    return PT_OK;
}

/* ---------------------------------------------------------------- Certificate */

static pt_err handle_certificate(pt_conn *c, const pt_hs_msg *msg)
{
    pt_client13_hs *hs = pt_client13_hs_of(c);
    pt_certificate13 cm;
    pt_cert_iter it;
    pt_cert_entry e;
    pt_ext_block ext;

    PT_TRY(pt_certificate13_decode(msg->body, &cm));
    pt_cert_iter_init13(&it, &cm);
    while (pt_cert_iter_next(&it, &e)) {
        PT_TRY(pt_ext_parse_contents(e.extensions, PT_EXT_CTX_CERTIFICATE, &ext));
    }
    /* RFC 8446 4.4.2: the server's certificate_request_context is empty (rustls: decode_error,
     * InvalidCertRequest). */
    PT_ENSURE(cm.context.len == 0, PT_ERR(DECODE_ERROR, RUSTLS_RESULT_MESSAGE_INVALID_CERT_REQUEST));
    /* Kept until CertificateVerify, where rustls checks the chain (an empty one included). */
    hs->cert_msg = malloc(msg->body.len > 0 ? msg->body.len : 1);
    PT_ENSURE(hs->cert_msg != NULL, PT_ERR_INTERNAL);
    memcpy(hs->cert_msg, msg->body.p, msg->body.len);
    hs->cert_msg_len = msg->body.len;
    c->state = PT_C13_EXPECT_CERTIFICATE_VERIFY;
    return PT_OK;
}

/* see tls13.h */
pt_err pt_client13_handle_cert_or_certreq(pt_conn *c, const pt_hs_msg *msg)
{
    /* ExpectCertificateOrCertReq: both messages are allowed in this state. */
    return msg->type == PT_HS_CERTIFICATE_REQUEST ? handle_cert_request(c, msg) : handle_certificate(c, msg);
}

/* see tls13.h */
pt_err pt_client13_handle_certificate(pt_conn *c, const pt_hs_msg *msg)
{
    return handle_certificate(c, msg);
}

/* ---------------------------------------------------------------- CertificateVerify */

/* The built-in verifier also hands back the leaf's key (*leaf_key); a callback leaves it NULL. */
static pt_err verify_chain(pt_conn *c, pt_client13_hs *hs, const pt_slice *certs, size_t n, pt_slice ocsp,
                           pt_pubkey **leaf_key)
{
    const struct rustls_client_config *cfg = c->client_config;
    if (cfg->verifier != NULL) {
        return pt_server_verifier_verify(cfg->verifier, certs[0], certs + 1, n - 1, hs->server_name, pt_conn_now(c),
                                         ocsp, leaf_key);
    }
    PT_ENSURE(cfg->verify_cb != NULL, PT_ERR_INTERNAL);
    struct rustls_slice_slice_bytes inter = pt_slice_slice_bytes_of(certs + 1, n - 1);
    struct rustls_verify_server_cert_params params;
    params.end_entity_cert_der.data = certs[0].p;
    params.end_entity_cert_der.len = certs[0].len;
    params.intermediate_certs_der = &inter;
    params.server_name.data = hs->server_name;
    params.server_name.len = strlen(hs->server_name);
    params.ocsp_response.data = ocsp.p;
    params.ocsp_response.len = ocsp.len;
    return pt_verify_callback_result(cfg->verify_cb(c->userdata, &params));
}

/* The signature over the RFC 8446 4.4.3 content with the leaf's key (rustls's
 * verify_tls13_signature).  `known` is the key the chain verification already parsed, or NULL
 * after a verifier callback: the leaf is then parsed here (a malformed one is BadEncoding). */
static pt_err verify_signature(pt_conn *c, pt_client13_hs *hs, pt_slice leaf, pt_pubkey *known,
                               const pt_certificate_verify *cv)
{
    pt_err err = PT_OK;
    const pt_provider *p = c->tables;
    pt_pubkey *key = NULL;
    uint8_t th[PT_HASH_MAX], content[PT_CV_CONTENT_MAX];
    pt_writer w;
    pt_slice spki;
    bool offered = false;

    for (size_t i = 0; p->sig->verify_schemes[i] != 0; i++) {
        offered |= p->sig->verify_schemes[i] == cv->scheme;
    }
    /* RFC 8446 4.4.3: the scheme MUST be one offered in signature_algorithms and allowed in
     * TLS 1.3 (4.2.3); rustls: illegal_parameter, SignedHandshakeWithUnadvertisedSigScheme. */
    PT_ENSURE_OUT(offered && pt_client13_scheme_tls13(cv->scheme),
                  PT_ERR(ILLEGAL_PARAMETER, RUSTLS_RESULT_PEER_MISBEHAVED_ERROR));
    PT_CHECK(pt_transcript_current(&hs->base.transcript, th));
    pt_writer_init_fixed(&w, content, sizeof(content));
    pt_certificate_verify_content(&w, true, pt_slice_of(th, c->suite->hash->out_len));
    PT_CHECK(pt_w_finish(&w));
    if (known == NULL) {
        PT_CHECK(p->x509->cert_spki(leaf, &spki));
        PT_CHECK(p->sig->pubkey_from_spki(spki, &key));
    }
    err = p->sig->verify(known != NULL ? known : key, cv->scheme, pt_w_slice(&w), cv->signature);
    if (pt_err_result(err) == RUSTLS_RESULT_CERT_UNSUPPORTED_SIGNATURE_ALGORITHM) {
        /* rustls sends decrypt_error for UnsupportedSignatureAlgorithmForPublicKey. */
        err = PT_ERR(DECRYPT_ERROR, RUSTLS_RESULT_CERT_UNSUPPORTED_SIGNATURE_ALGORITHM);
    }
out:
    if (key != NULL) {
        p->sig->pubkey_free(key);
    }
    pt_wipe(th, sizeof(th));
    return err;
}

/* see tls13.h */
pt_err pt_client13_handle_certificate_verify(pt_conn *c, const pt_hs_msg *msg)
{
    pt_client13_hs *hs = pt_client13_hs_of(c);
    pt_err err = PT_OK;
    pt_certificate_verify cv;
    pt_certificate13 cm;
    pt_cert_iter it;
    pt_cert_entry e;
    pt_slice *certs = NULL;
    pt_slice ocsp = PT_SLICE_EMPTY;
    pt_pubkey *leaf_key = NULL;
    size_t n = 0;

    PT_CHECK(pt_certificate_verify_decode(msg->body, &cv));
    PT_CHECK(pt_certificate13_decode(pt_slice_of(hs->cert_msg, hs->cert_msg_len), &cm));
    /* rustls: an empty chain is NoCertificatesPresented, without an alert. */
    PT_ENSURE_OUT(cm.count > 0, PT_ERR_NOALERT(RUSTLS_RESULT_NO_CERTIFICATES_PRESENTED));
    certs = calloc(cm.count, sizeof(*certs));
    PT_ENSURE_OUT(certs != NULL, PT_ERR_INTERNAL);
    pt_cert_iter_init13(&it, &cm);
    while (n < cm.count && pt_cert_iter_next(&it, &e)) {
        if (n == 0) {
            /* RFC 8446 4.4.2.1: the leaf's status_request carries the stapled OCSP response. */
            pt_ext_block ext;
            pt_slice body;
            PT_CHECK(pt_ext_parse_contents(e.extensions, PT_EXT_CTX_CERTIFICATE, &ext));
            if (pt_ext_get(&ext, PT_EXT_STATUS_REQUEST, &body)) {
                PT_CHECK(pt_ext_cert_status_decode(body, &ocsp));
            }
        }
        certs[n++] = e.cert;
    }
    /* 1. the chain (RFC 8446 4.4.2.4 and 6.2 for the alerts), 2. the signature (4.4.3). */
    PT_CHECK(verify_chain(c, hs, certs, n, ocsp, &leaf_key));
    PT_CHECK(verify_signature(c, hs, certs[0], leaf_key, &cv));
    PT_CHECK(pt_conn_set_peer_certs(c, certs, n));
    c->peer_sig_scheme = cv.scheme;
    c->state = PT_C13_EXPECT_FINISHED;
out:
    if (leaf_key != NULL) {
        c->tables->sig->pubkey_free(leaf_key);
    }
    free(certs);
    return err;
}

/* ---------------------------------------------------------------- our Certificate */

/* see tls13.h */
pt_err pt_client13_send_client_auth(pt_conn *c, pt_client13_hs *hs)
{
    pt_err err = PT_OK;
    const struct rustls_certified_key *ck = hs->client_key;
    size_t n = ck != NULL ? pt_certified_key_chain_len(ck) : 0;
    pt_slice *certs = NULL;
    pt_writer w;
    uint8_t th[PT_HASH_MAX], content[PT_CV_CONTENT_MAX];
    uint8_t *sig = NULL;
    size_t sig_len = 0;

    pt_writer_init_growable(&w, 1024, 0x1000000);
    if (n > 0) {
        certs = calloc(n, sizeof(*certs));
        PT_ENSURE_OUT(certs != NULL, PT_ERR_INTERNAL);
        for (size_t i = 0; i < n; i++) {
            certs[i] = pt_certified_key_cert(ck, i);
        }
    }
    /* RFC 8446 4.4.2: "If the server requests client authentication but no suitable
     * certificate is available, the client MUST send a Certificate message containing no
     * certificates."  The context echoes the request's, which is empty in the handshake. */
    pt_wvec v = pt_hs_open(&w, PT_HS_CERTIFICATE);
    pt_certificate13_encode_chain(&w, PT_SLICE_EMPTY, certs, n, PT_SLICE_EMPTY, PT_SLICE_EMPTY);
    pt_w_close_vec(&w, v);
    PT_CHECK(pt_w_finish(&w));
    PT_CHECK(pt_transcript_add(&hs->base.transcript, w.base, w.off));
    PT_CHECK(pt_conn_send_hs(c, pt_w_slice(&w)));
    if (ck == NULL) {
        goto out;
    }

    /* RFC 8446 4.4.3: sign Transcript-Hash(..., client Certificate) with the client context. */
    pt_writer cw;
    PT_CHECK(pt_transcript_current(&hs->base.transcript, th));
    pt_writer_init_fixed(&cw, content, sizeof(content));
    pt_certificate_verify_content(&cw, false, pt_slice_of(th, c->suite->hash->out_len));
    PT_CHECK(pt_w_finish(&cw));
    sig = malloc(PT_SIG_MAX);
    PT_ENSURE_OUT(sig != NULL, PT_ERR_INTERNAL);
    const pt_sig_ops *ops = pt_certified_key_sig_ops(ck);
    PT_CHECK(ops->sign(pt_certified_key_signing_key(ck), hs->client_scheme, pt_w_slice(&cw), sig, PT_SIG_MAX,
                       &sig_len));
    pt_writer_free(&w);
    pt_writer_init_growable(&w, 4 + 4 + sig_len, 4 + 4 + PT_SIG_MAX);
    pt_certificate_verify cv = {hs->client_scheme, pt_slice_of(sig, sig_len)};
    v = pt_hs_open(&w, PT_HS_CERTIFICATE_VERIFY);
    pt_certificate_verify_encode(&w, &cv);
    pt_w_close_vec(&w, v);
    PT_CHECK(pt_w_finish(&w));
    PT_CHECK(pt_transcript_add(&hs->base.transcript, w.base, w.off));
    PT_CHECK(pt_conn_send_hs(c, pt_w_slice(&w)));
out:
    free(certs);
    free(sig);
    pt_writer_free(&w);
    pt_wipe(th, sizeof(th));
    return err;
}
