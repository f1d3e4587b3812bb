/*
 * tls13.c - the TLS 1.3 server role: its state table, the handshake block's life cycle and the
 * client's second flight (Certificate, CertificateVerify, Finished; RFC 8446 4.4).
 */
#include "server/tls13.h"

#include <stdlib.h>
#include <string.h>

#include "api/certified_key.h"
#include "api/verifier.h"
#include "base/mem.h"
#include "msgs/certificate.h"
#include "msgs/certificate_verify.h"
#include "msgs/finished.h"
#include "server/choose.h"
#include "server/server.h"

static void free_client_chain(pt_server_hs *hs)
{
    for (size_t i = 0; i < hs->n_client_chain; i++) {
        free((void *)hs->client_chain[i].p);
    }
    free(hs->client_chain);
    hs->client_chain = NULL;
    hs->n_client_chain = 0;
}

static void free_hs(pt_conn *c)
{
    pt_server_hs *hs = (pt_server_hs *)c->hs;
    if (hs == NULL) {
        return;
    }
    pt_transcript_free(&hs->base.transcript);
    pt_ks13_wipe(&hs->ks);
    rustls_certified_key_free(hs->key);
    pt_free_wiped(hs->ch1, hs->ch1_len);
    free_client_chain(hs);
    pt_free_wiped(hs, sizeof *hs);
    c->hs = NULL;
}

/* RFC 8446 4.4.2: the client's Certificate in answer to our CertificateRequest. */
static pt_err handle_certificate(pt_conn *c, const pt_hs_msg *msg)
{
    pt_server_hs *hs = (pt_server_hs *)c->hs;
    const struct rustls_client_cert_verifier *v = c->server_config->client_verifier;
    pt_certificate13 cert;
    pt_cert_iter it;
    pt_cert_entry e;
    PT_TRY(pt_certificate13_decode(msg->body, &cert));
    /* We request no certificate extensions, so any is unsolicited (RFC 8446 4.4.2; rustls
     * UnsolicitedCertExtension, returned without an alert). */
    pt_cert_iter_init13(&it, &cert);
    while (pt_cert_iter_next(&it, &e)) {
        PT_ENSURE(e.extensions.len == 0, PT_ERR_NOALERT(RUSTLS_RESULT_PEER_MISBEHAVED_ERROR));
    }
    if (cert.count == 0) {
        /* RFC 8446 4.4.2.4: without a certificate the server MAY continue or abort with
         * certificate_required (rustls NoCertificatesPresented). */
        PT_ENSURE(pt_client_verifier_allows_unauthenticated(v),
                  PT_ERR(CERTIFICATE_REQUIRED, RUSTLS_RESULT_NO_CERTIFICATES_PRESENTED));
        c->state = PT_S13_EXPECT_FINISHED;
        return PT_OK;
    }
    hs->client_chain = calloc(cert.count, sizeof *hs->client_chain);
    PT_ENSURE(hs->client_chain != NULL, PT_ERR_INTERNAL);
    pt_cert_iter_init13(&it, &cert);
    while (pt_cert_iter_next(&it, &e)) {
        uint8_t *copy = malloc(e.cert.len);
        PT_ENSURE(copy != NULL, PT_ERR_INTERNAL);
        memcpy(copy, e.cert.p, e.cert.len);
        hs->client_chain[hs->n_client_chain++] = pt_slice_of(copy, e.cert.len);
    }
    PT_TRY(pt_client_verifier_verify(v, hs->client_chain[0], hs->client_chain + 1, hs->n_client_chain - 1,
                                     pt_conn_now(c), c->userdata));
    c->state = PT_S13_EXPECT_CERTIFICATE_VERIFY;
    return PT_OK;
}

/* RFC 8446 4.4.3: the client's signature over "TLS 1.3, client CertificateVerify" || CH..Certificate. */
static pt_err handle_certificate_verify(pt_conn *c, const pt_hs_msg *msg)
{
    pt_server_hs *hs = (pt_server_hs *)c->hs;
    const pt_sig_ops *sig = c->tables->sig;
    pt_err err = PT_OK;
    pt_pubkey *key = NULL;
    pt_certificate_verify cv;
    uint8_t th[PT_HASH_MAX], content[PT_CV_CONTENT_MAX];
    pt_writer w;
    PT_CHECK(pt_certificate_verify_decode(msg->body, &cv));
    /* rustls verify_tls13_signature: a scheme not for TLS 1.3 or not offered in our
     * CertificateRequest is SignedHandshakeWithUnadvertisedSigScheme (illegal_parameter). */
    bool offered = false;
    for (const uint16_t *s = sig->verify_schemes; *s != 0; s++) {
        offered |= *s == cv.scheme;
    }
    PT_ENSURE_OUT(offered && pt_sig_scheme_tls13_ok(cv.scheme),
                  PT_ERR(ILLEGAL_PARAMETER, RUSTLS_RESULT_PEER_MISBEHAVED_ERROR));
    PT_CHECK(pt_transcript_current(&hs->base.transcript, th));
    pt_writer_init_fixed(&w, content, sizeof content);
    pt_certificate_verify_content(&w, false, pt_slice_of(th, hs->suite->hash->out_len));
    PT_CHECK(pt_w_finish(&w));
    pt_slice spki;
    PT_CHECK(c->tables->x509->cert_spki(hs->client_chain[0], &spki));
    PT_CHECK(sig->pubkey_from_spki(spki, &key));
    PT_CHECK(sig->verify(key, cv.scheme, pt_w_slice(&w), cv.signature));
    PT_CHECK(pt_conn_set_peer_certs(c, hs->client_chain, hs->n_client_chain));
    c->peer_sig_scheme = cv.scheme;
    free_client_chain(hs);
    c->state = PT_S13_EXPECT_FINISHED;
out:
    if (key != NULL) {
        sig->pubkey_free(key);
    }
    return err;
}

/*
 * RFC 8446 4.4.4: the client's Finished over CH..(client CertificateVerify) with the client
 * handshake traffic secret, compared in constant time ("MUST terminate the connection with a
 * "decrypt_error" alert" if wrong); then receive with the client application keys.
 */
static pt_err handle_finished(pt_conn *c, const pt_hs_msg *msg)
{
    pt_server_hs *hs = (pt_server_hs *)c->hs;
    const pt_hash *h = hs->suite->hash;
    uint8_t th[PT_HASH_MAX];
    pt_finished fin;
    PT_TRY(pt_finished_decode(msg->body, h->out_len, &fin));
    PT_TRY(pt_transcript_current(&hs->base.transcript, th));
    PT_TRY(pt_tls13_verify_finished(h, hs->client_hs_secret, th, fin.verify_data));
    PT_TRY(pt_conn_set_rx_keys13(c, hs->client_app_secret, true));
    c->may_receive_app_data = true;
    /* No NewSessionTicket: resumption is not offered yet. */
    return pt_conn_handshake_done(c);
}

static const pt_hs_state states[PT_S13_N_STATES] = {
    [PT_S13_EXPECT_CLIENT_HELLO] = {"ExpectClientHello", PT_HS_BIT(PT_HS_CLIENT_HELLO), 0,
                                    pt_server13_handle_client_hello},
    [PT_S13_EXPECT_CLIENT_HELLO2] = {"ExpectClientHello (after HelloRetryRequest)", PT_HS_BIT(PT_HS_CLIENT_HELLO), 0,
                                     pt_server13_handle_client_hello},
    [PT_S13_EXPECT_CERTIFICATE] = {"ExpectCertificate", PT_HS_BIT(PT_HS_CERTIFICATE), 0, handle_certificate},
    [PT_S13_EXPECT_CERTIFICATE_VERIFY] = {"ExpectCertificateVerify", PT_HS_BIT(PT_HS_CERTIFICATE_VERIFY),
                                          PT_HS_HASH_AFTER, handle_certificate_verify},
    [PT_S13_EXPECT_FINISHED] = {"ExpectFinished", PT_HS_BIT(PT_HS_FINISHED), PT_HS_HASH_AFTER, handle_finished},
};

const pt_hs_role pt_server13_role = {
    .name = "server TLS 1.3",
    .states = states,
    .n_states = PT_S13_N_STATES,
    .free_hs = free_hs,
};

pt_err pt_server_start(pt_conn *c)
{
    PT_ENSURE(c->server_config != NULL && c->hs == NULL, PT_ERR_INTERNAL);
    pt_server_hs *hs = calloc(1, sizeof *hs);
    PT_ENSURE(hs != NULL, PT_ERR_INTERNAL);
    pt_transcript_init(&hs->base.transcript);
    c->hs = &hs->base;
    c->role = &pt_server13_role;
    c->state = PT_S13_EXPECT_CLIENT_HELLO;
    c->handshaking = true;
    return PT_OK;
}
