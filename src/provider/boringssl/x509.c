/*
 * x509.c - root stores, CRLs and certificate path validation with libcrypto's X509_STORE.
 *
 * RFC 5280 path validation is libcrypto's (X509_verify_cert); this file sets it up the way
 * rustls's webpki verifier behaves and translates its verdict into the (alert, rustls_result)
 * pair rustls would produce.
 *
 * How a verification is set up (verify_chain):
 *   - time: params->now, never the system clock (X509_VERIFY_PARAM_set_time);
 *   - name: an IP literal (inet_pton, v4 or v6) must match an iPAddress SAN; anything else is a
 *     DNS name (one trailing dot allowed) matched against dNSName SANs, case-insensitively, with
 *     wildcards only as a whole left-most label (BoringSSL never matches partial wildcards like
 *     "f*o.example.com"), and never against the subject CN, as webpki (that fallback is libcrypto's
 *     default and is switched off with X509_CHECK_FLAG_NEVER_CHECK_SUBJECT);
 *   - purpose: id-kp-serverAuth or id-kp-clientAuth in every certificate's EKU, when present;
 *   - trust anchors: every certificate in the store is an anchor, self-signed or not
 *     (X509_V_FLAG_PARTIAL_CHAIN), and only its name and key count - not its validity dates -
 *     as webpki treats a RootCertStore (the verify callback forgives the anchor's dates);
 *   - revocation (only when CRLs are given): X509_V_FLAG_CRL_CHECK for the leaf, plus
 *     X509_V_FLAG_CRL_CHECK_ALL for the intermediates unless PT_REVOCATION_END_ENTITY_ONLY.  The
 *     verify callback then applies rustls's policies: no CRL for a certificate is an error
 *     (unknown status) unless PT_REVOCATION_ALLOW_UNKNOWN; an expired CRL counts only with
 *     PT_REVOCATION_ENFORCE_EXPIRY; the trust anchor itself is never checked (webpki checks the
 *     path below the anchor only), nor is a CRL's thisUpdate (webpki does not look at it).
 *   - the leaf must not be a CA (basicConstraints cA), as webpki requires of an end entity;
 *   - signature algorithms: after libcrypto accepts a path, every signature on it must be one
 *     webpki accepts (no SHA-1, RSA issuer keys of 2048..8192 bits): check_cert_signature_algorithm;
 *   - known differences left in place, where libcrypto is stricter or looser than webpki:
 *     libcrypto's purpose check also refuses a leaf whose keyUsage has none of digitalSignature,
 *     keyEncipherment, keyAgreement (INVALID_PURPOSE; webpki ignores an end entity's keyUsage);
 *     and a leaf that is itself in the store is trusted directly (PARTIAL_CHAIN), where webpki
 *     trusts it only if it is self-signed (its issuer, the same certificate, is then an anchor);
 *   - the stapled OCSP response (params->ocsp_response) is NOT checked yet: it is reserved, and
 *     ignored, as rustls's webpki verifier ignores it too.
 *
 * Error mapping: X509_V_ERR_* -> rustls CertificateError (as rustls's webpki verifier's
 * pki_error() maps webpki's equivalent) -> rustls_result (rustls-ffi's
 * map_invalid_certificate_error) and alert (rustls's From<CertificateError> for
 * AlertDescription).  CRL problems are CertRevocationListError in rustls, which is not a
 * CertificateError, so rustls sends handshake_failure for them.
 *
 *   X509_V_ERR_*                                  rustls               rustls_result / alert
 *   CERT_HAS_EXPIRED                              Expired              CERT_EXPIRED / certificate_expired
 *   CERT_NOT_YET_VALID                            NotValidYet          CERT_NOT_YET_VALID / certificate_expired
 *   UNABLE_TO_GET_ISSUER_CERT[_LOCALLY],          UnknownIssuer        CERT_UNKNOWN_ISSUER / unknown_ca
 *     UNABLE_TO_VERIFY_LEAF_SIGNATURE, DEPTH_ZERO_SELF_SIGNED_CERT, SELF_SIGNED_CERT_IN_CHAIN,
 *     CERT_UNTRUSTED, CERT_REJECTED
 *   HOSTNAME_MISMATCH, IP_ADDRESS_MISMATCH        NotValidForName      CERT_NOT_VALID_FOR_NAME / bad_certificate
 *   INVALID_PURPOSE                               InvalidPurpose       CERT_INVALID_PURPOSE / unsupported_certificate
 *   CERT_SIGNATURE_FAILURE,                       BadSignature         CERT_BAD_SIGNATURE / decrypt_error
 *     UNABLE_TO_DECRYPT_CERT_SIGNATURE
 *   UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY,           UnsupportedSignature CERT_UNSUPPORTED_SIGNATURE_ALGORITHM /
 *     (our check) a signature algorithm webpki    AlgorithmContext     decrypt_error
 *     lacks, e.g. ecdsa-with-SHA1
 *   (our check) RSA issuer key outside 2048..8192 BadSignature         CERT_BAD_SIGNATURE / decrypt_error
 *   (our check) EC issuer key on another curve    UnsupportedSignature CERT_OTHER_ERROR / decrypt_error
 *     than P-256, P-384, P-521                    AlgorithmForPublic-
 *                                                 KeyContext
 *   CERT_REVOKED                                  Revoked              CERT_REVOKED / certificate_revoked
 *   UNABLE_TO_GET_CRL[_ISSUER]                    UnknownRevocation-   CERT_UNKNOWN_REVOCATION_STATUS / unknown_ca
 *                                                 Status
 *   CRL_HAS_EXPIRED                               ExpiredRevocation-   CERT_EXPIRED_REVOCATION_LIST / unknown_ca
 *                                                 List
 *   UNHANDLED_CRITICAL_EXTENSION                  UnhandledCritical-   CERT_UNHANDLED_CRITICAL_EXTENSION /
 *                                                 Extension            bad_certificate
 *   ERROR_IN_CERT_NOT_{BEFORE,AFTER}_FIELD,       BadEncoding          CERT_ENCODING_BAD / bad_certificate
 *     INVALID_EXTENSION (and DER that does not parse at all)
 *   APPLICATION_VERIFICATION                      ApplicationVerifi-   CERT_APPLICATION_VERIFICATION_FAILURE /
 *                                                 cationFailure        access_denied
 *   CRL_SIGNATURE_FAILURE,                        CRL BadSignature     CERT_REVOCATION_LIST_BAD_SIGNATURE /
 *     UNABLE_TO_DECRYPT_CRL_SIGNATURE                                  handshake_failure
 *   KEYUSAGE_NO_CRL_SIGN                          CRL IssuerInvalid-   CERT_REVOCATION_LIST_ISSUER_INVALID_FOR_CRL /
 *                                                 ForCrl               handshake_failure
 *   UNHANDLED_CRITICAL_CRL_EXTENSION              CRL Unsupported-     CERT_REVOCATION_LIST_UNSUPPORTED_CRITICAL_
 *                                                 CriticalExtension    EXTENSION / handshake_failure
 *   ERROR_IN_CRL_{LAST,NEXT}_UPDATE_FIELD         CRL ParseError       CERT_REVOCATION_LIST_PARSE_ERROR /
 *                                                                      handshake_failure
 *   OUT_OF_MEM                                    -                    PT_ERR_INTERNAL
 *   (our check) CA certificate as the leaf       Other (CaUsedAsEnd-  CERT_OTHER_ERROR / certificate_unknown
 *                                                 Entity)
 *   anything else (INVALID_CA, PATH_LENGTH_       Other                CERT_OTHER_ERROR / certificate_unknown
 *     EXCEEDED, name constraints, ...)
 *
 * Threads: a root store and a CRL set are immutable once built and may be used by any number of
 * concurrent verifications.  Each verification has its own X509_STORE_CTX with its own copy of
 * the verify parameters, so nothing shared is written; the lookups that do touch shared state
 * (sorting the store's object list, caching a certificate's decoded extensions, sorting a CRL's
 * revoked list) are done by libcrypto under its own locks (X509_STORE's objs_lock, the X509
 * lock, the CRL sort lock).  Building (store_add_*, crls_add_pem) must not race with use.
 */
#include "config.h"

#include <arpa/inet.h>
#include <limits.h>
#include <string.h>

#include <openssl/bytestring.h>
#include <openssl/ec.h>
#include <openssl/ec_key.h>
#include <openssl/err.h>
#include <openssl/mem.h>
#include <openssl/nid.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "provider/boringssl/pki.h"
#include "provider/boringssl/pki_internal.h"

struct pt_root_store {
    X509_STORE *store;
    size_t count; /* certificates added (duplicates included, as rustls's RootCertStore::len) */
};

struct pt_crl_set {
    STACK_OF(X509_CRL) *crls;
};

#define CERT_PARSE_ERROR PT_ERR_NOALERT(RUSTLS_RESULT_CERTIFICATE_PARSE_ERROR)
#define CRL_PARSE_ERROR PT_ERR_NOALERT(RUSTLS_RESULT_CERTIFICATE_REVOCATION_LIST_PARSE_ERROR)
#define CERT_BAD_ENCODING PT_ERR(BAD_CERTIFICATE, RUSTLS_RESULT_CERT_ENCODING_BAD)

/* Parse exactly one DER certificate (no trailing bytes); NULL if it does not parse. */
static X509 *parse_cert(pt_slice der)
{
    if (der.len == 0 || der.len > LONG_MAX) {
        return NULL;
    }
    const uint8_t *p = der.p;
    X509 *x = d2i_X509(NULL, &p, (long)der.len);
    if (x != NULL && p != der.p + der.len) {
        X509_free(x);
        x = NULL;
    }
    return x;
}

static X509_CRL *parse_crl(pt_slice der)
{
    if (der.len == 0 || der.len > LONG_MAX) {
        return NULL;
    }
    const uint8_t *p = der.p;
    X509_CRL *crl = d2i_X509_CRL(NULL, &p, (long)der.len);
    if (crl != NULL && p != der.p + der.len) {
        X509_CRL_free(crl);
        crl = NULL;
    }
    return crl;
}

/* ---------------------------------------------------------------- PEM splitting */

typedef struct pem_cert_walk {
    void (*cb)(void *arg, pt_slice der);
    void *arg;
    size_t count;
} pem_cert_walk;

static bool pem_cert_cb(void *arg, const char *label, pt_slice der)
{
    pem_cert_walk *w = arg;
    /* Only "CERTIFICATE" blocks, as rustls-pki-types' CertificateDer::pem_slice_iter. */
    if (strcmp(label, "CERTIFICATE") == 0) {
        w->cb(w->arg, der);
        w->count++;
    }
    return true;
}

static pt_err pem_certs(pt_slice pem, void (*cb)(void *arg, pt_slice der), void *arg, size_t *count)
{
    pem_cert_walk w = {cb, arg, 0};
    if (!pt_bssl_pem_each(pem, pem_cert_cb, &w)) {
        return CERT_PARSE_ERROR;
    }
    if (count != NULL) {
        *count = w.count;
    }
    return PT_OK;
}

static pt_err cert_spki(pt_slice cert_der, pt_slice *spki)
{
    X509 *x = parse_cert(cert_der);
    if (x == NULL) {
        ERR_clear_error();
        return CERT_BAD_ENCODING;
    }
    X509_free(x);
    /*= https://www.rfc-editor.org/rfc/rfc5280#section-4.1
     *# Certificate ::= SEQUENCE { tbsCertificate TBSCertificate, ... }
     *# TBSCertificate ::= SEQUENCE { version [0] EXPLICIT Version DEFAULT v1, serialNumber,
     *#      signature, issuer, validity, subject, subjectPublicKeyInfo, ... }
     */
    CBS cbs, cert, tbs, elem;
    CBS_init(&cbs, cert_der.p, cert_der.len);
    if (!CBS_get_asn1(&cbs, &cert, CBS_ASN1_SEQUENCE) || !CBS_get_asn1(&cert, &tbs, CBS_ASN1_SEQUENCE) ||
        !CBS_get_optional_asn1(&tbs, NULL, NULL, CBS_ASN1_CONTEXT_SPECIFIC | CBS_ASN1_CONSTRUCTED | 0) ||
        !CBS_get_asn1(&tbs, NULL, CBS_ASN1_INTEGER) ||  /* serialNumber */
        !CBS_get_asn1(&tbs, NULL, CBS_ASN1_SEQUENCE) || /* signature */
        !CBS_get_asn1(&tbs, NULL, CBS_ASN1_SEQUENCE) || /* issuer */
        !CBS_get_asn1(&tbs, NULL, CBS_ASN1_SEQUENCE) || /* validity */
        !CBS_get_asn1(&tbs, NULL, CBS_ASN1_SEQUENCE) || /* subject */
        !CBS_get_asn1_element(&tbs, &elem, CBS_ASN1_SEQUENCE)) {
        return CERT_BAD_ENCODING;
    }
    *spki = pt_slice_of(CBS_data(&elem), CBS_len(&elem));
    return PT_OK;
}

/* ---------------------------------------------------------------- root stores */

static pt_err store_new(pt_root_store **out)
{
    pt_root_store *rs = OPENSSL_malloc(sizeof(*rs));
    if (rs == NULL) {
        return PT_ERR_INTERNAL;
    }
    rs->store = X509_STORE_new();
    rs->count = 0;
    if (rs->store == NULL) {
        OPENSSL_free(rs);
        return PT_ERR_INTERNAL;
    }
    *out = rs;
    return PT_OK;
}

typedef struct pem_store_walk {
    STACK_OF(X509) *parsed;
    size_t rejected;
    bool oom;
} pem_store_walk;

static void store_pem_cb(void *arg, pt_slice der)
{
    pem_store_walk *w = arg;
    X509 *x = parse_cert(der);
    if (x == NULL) {
        w->rejected++;
        return;
    }
    if (!sk_X509_push(w->parsed, x)) {
        X509_free(x);
        w->oom = true;
    }
}

/*
 * As rustls-ffi's rustls_root_cert_store_builder_add_pem: malformed PEM is an error in either
 * mode; strict mode also refuses a certificate that does not parse, or no certificate at all.
 * Everything is parsed before anything is added, so a failure leaves the store unchanged.
 */
static pt_err store_add_pem(pt_root_store *rs, pt_slice pem, bool strict, size_t *added)
{
    pt_err err = PT_OK;
    pem_store_walk w = {sk_X509_new_null(), 0, false};
    if (w.parsed == NULL) {
        return PT_ERR_INTERNAL;
    }
    PT_CHECK(pem_certs(pem, store_pem_cb, &w, NULL));
    PT_ENSURE_OUT(!w.oom, PT_ERR_INTERNAL);
    PT_ENSURE_OUT(!strict || (w.rejected == 0 && sk_X509_num(w.parsed) > 0), CERT_PARSE_ERROR);
    size_t n = sk_X509_num(w.parsed);
    for (size_t i = 0; i < n; i++) {
        PT_ENSURE_OUT(X509_STORE_add_cert(rs->store, sk_X509_value(w.parsed, i)), PT_ERR_INTERNAL);
        rs->count++;
    }
    if (added != NULL) {
        *added = n;
    }
out:
    sk_X509_pop_free(w.parsed, X509_free);
    ERR_clear_error();
    return err;
}

static pt_err store_add_der(pt_root_store *rs, pt_slice der)
{
    X509 *x = parse_cert(der);
    pt_err err = CERT_PARSE_ERROR;
    if (x != NULL) {
        err = X509_STORE_add_cert(rs->store, x) ? PT_OK : PT_ERR_INTERNAL;
        if (pt_ok(err)) {
            rs->count++;
        }
    }
    X509_free(x); /* the store holds its own reference */
    ERR_clear_error();
    return err;
}

static size_t store_count(const pt_root_store *rs)
{
    return rs->count;
}

static pt_err store_subjects(const pt_root_store *rs, void (*cb)(void *arg, pt_slice dn), void *arg)
{
    STACK_OF(X509_OBJECT) *objs = X509_STORE_get0_objects(rs->store);
    for (size_t i = 0; i < sk_X509_OBJECT_num(objs); i++) {
        X509_OBJECT *o = sk_X509_OBJECT_value(objs, i);
        if (X509_OBJECT_get_type(o) != X509_LU_X509) {
            continue;
        }
        uint8_t *der = NULL;
        int len = i2d_X509_NAME(X509_get_subject_name(X509_OBJECT_get0_X509(o)), &der);
        if (len <= 0) {
            ERR_clear_error();
            return PT_ERR_INTERNAL;
        }
        cb(arg, pt_slice_of(der, (size_t)len));
        OPENSSL_free(der);
    }
    return PT_OK;
}

static void store_free(pt_root_store *rs)
{
    if (rs == NULL) {
        return;
    }
    X509_STORE_free(rs->store);
    OPENSSL_free(rs);
}

/* ---------------------------------------------------------------- CRLs */

static pt_err crls_new(pt_crl_set **out)
{
    pt_crl_set *set = OPENSSL_malloc(sizeof(*set));
    if (set == NULL) {
        return PT_ERR_INTERNAL;
    }
    set->crls = sk_X509_CRL_new_null();
    if (set->crls == NULL) {
        OPENSSL_free(set);
        return PT_ERR_INTERNAL;
    }
    *out = set;
    return PT_OK;
}

typedef struct pem_crl_walk {
    STACK_OF(X509_CRL) *parsed;
    bool bad;
} pem_crl_walk;

static bool crl_pem_cb(void *arg, const char *label, pt_slice der)
{
    pem_crl_walk *w = arg;
    if (strcmp(label, "X509 CRL") != 0) {
        return true;
    }
    X509_CRL *crl = parse_crl(der);
    if (crl == NULL || !sk_X509_CRL_push(w->parsed, crl)) {
        X509_CRL_free(crl);
        w->bad = true;
        return false;
    }
    return true;
}

/*
 * As rustls-ffi's ..._verifier_builder_add_crl: malformed PEM, a CRL that does not parse, or no
 * CRL at all is CERTIFICATE_REVOCATION_LIST_PARSE_ERROR, and nothing is added.
 */
static pt_err crls_add_pem(pt_crl_set *set, pt_slice pem)
{
    pt_err err = CRL_PARSE_ERROR;
    pem_crl_walk w = {sk_X509_CRL_new_null(), false};
    if (w.parsed == NULL) {
        return PT_ERR_INTERNAL;
    }
    if (!pt_bssl_pem_each(pem, crl_pem_cb, &w) || w.bad || sk_X509_CRL_num(w.parsed) == 0) {
        goto out;
    }
    while (sk_X509_CRL_num(w.parsed) > 0) {
        X509_CRL *crl = sk_X509_CRL_shift(w.parsed);
        if (!sk_X509_CRL_push(set->crls, crl)) {
            X509_CRL_free(crl);
            err = PT_ERR_INTERNAL;
            goto out;
        }
    }
    err = PT_OK;
out:
    sk_X509_CRL_pop_free(w.parsed, X509_CRL_free);
    ERR_clear_error();
    return err;
}

static void crls_free(pt_crl_set *set)
{
    if (set == NULL) {
        return;
    }
    sk_X509_CRL_pop_free(set->crls, X509_CRL_free);
    OPENSSL_free(set);
}

/* ---------------------------------------------------------------- verification */

/* The error for an X509_V_ERR_* code (the table at the top of this file). */
static pt_err map_verify_error(int code)
{
    switch (code) {
    case X509_V_ERR_CERT_HAS_EXPIRED:
        return PT_ERR(CERTIFICATE_EXPIRED, RUSTLS_RESULT_CERT_EXPIRED);
    case X509_V_ERR_CERT_NOT_YET_VALID:
        return PT_ERR(CERTIFICATE_EXPIRED, RUSTLS_RESULT_CERT_NOT_YET_VALID);
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_CERT_UNTRUSTED:
    case X509_V_ERR_CERT_REJECTED:
        return PT_ERR(UNKNOWN_CA, RUSTLS_RESULT_CERT_UNKNOWN_ISSUER);
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH:
        return PT_ERR(BAD_CERTIFICATE, RUSTLS_RESULT_CERT_NOT_VALID_FOR_NAME);
    case X509_V_ERR_INVALID_PURPOSE:
        return PT_ERR(UNSUPPORTED_CERTIFICATE, RUSTLS_RESULT_CERT_INVALID_PURPOSE);
    case X509_V_ERR_CERT_SIGNATURE_FAILURE:
    case X509_V_ERR_UNABLE_TO_DECRYPT_CERT_SIGNATURE:
        return PT_ERR(DECRYPT_ERROR, RUSTLS_RESULT_CERT_BAD_SIGNATURE);
    case X509_V_ERR_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY:
        return PT_ERR(DECRYPT_ERROR, RUSTLS_RESULT_CERT_UNSUPPORTED_SIGNATURE_ALGORITHM);
    case X509_V_ERR_CERT_REVOKED:
        return PT_ERR(CERTIFICATE_REVOKED, RUSTLS_RESULT_CERT_REVOKED);
    case X509_V_ERR_UNABLE_TO_GET_CRL:
    case X509_V_ERR_UNABLE_TO_GET_CRL_ISSUER:
        return PT_ERR(UNKNOWN_CA, RUSTLS_RESULT_CERT_UNKNOWN_REVOCATION_STATUS);
    case X509_V_ERR_CRL_HAS_EXPIRED:
        return PT_ERR(UNKNOWN_CA, RUSTLS_RESULT_CERT_EXPIRED_REVOCATION_LIST);
    case X509_V_ERR_UNHANDLED_CRITICAL_EXTENSION:
        return PT_ERR(BAD_CERTIFICATE, RUSTLS_RESULT_CERT_UNHANDLED_CRITICAL_EXTENSION);
    case X509_V_ERR_ERROR_IN_CERT_NOT_BEFORE_FIELD:
    case X509_V_ERR_ERROR_IN_CERT_NOT_AFTER_FIELD:
    case X509_V_ERR_INVALID_EXTENSION:
        return CERT_BAD_ENCODING;
    case X509_V_ERR_APPLICATION_VERIFICATION:
        return PT_ERR(ACCESS_DENIED, RUSTLS_RESULT_CERT_APPLICATION_VERIFICATION_FAILURE);
    case X509_V_ERR_CRL_SIGNATURE_FAILURE:
    case X509_V_ERR_UNABLE_TO_DECRYPT_CRL_SIGNATURE:
        return PT_ERR(HANDSHAKE_FAILURE, RUSTLS_RESULT_CERT_REVOCATION_LIST_BAD_SIGNATURE);
    case X509_V_ERR_KEYUSAGE_NO_CRL_SIGN:
        return PT_ERR(HANDSHAKE_FAILURE, RUSTLS_RESULT_CERT_REVOCATION_LIST_ISSUER_INVALID_FOR_CRL);
    case X509_V_ERR_UNHANDLED_CRITICAL_CRL_EXTENSION:
        return PT_ERR(HANDSHAKE_FAILURE, RUSTLS_RESULT_CERT_REVOCATION_LIST_UNSUPPORTED_CRITICAL_EXTENSION);
    case X509_V_ERR_ERROR_IN_CRL_LAST_UPDATE_FIELD:
    case X509_V_ERR_ERROR_IN_CRL_NEXT_UPDATE_FIELD:
        return PT_ERR(HANDSHAKE_FAILURE, RUSTLS_RESULT_CERT_REVOCATION_LIST_PARSE_ERROR);
    case X509_V_ERR_OUT_OF_MEM:
        return PT_ERR_INTERNAL;
    default:
        return PT_ERR(CERTIFICATE_UNKNOWN, RUSTLS_RESULT_CERT_OTHER_ERROR);
    }
}

/* What the verify callback needs to know; lives on verify_chain's stack for one verification. */
typedef struct revocation_policy {
    unsigned flags; /* PT_REVOCATION_* */
} revocation_policy;

/*
 * libcrypto calls this for every problem it finds (ok == 0); returning 1 overrides that one
 * problem.  Only the anchor's dates and the revocation policies in the header comment are
 * overridden.
 */
static int verify_cb(int ok, X509_STORE_CTX *ctx)
{
    if (ok) {
        return 1;
    }
    const revocation_policy *policy = X509_STORE_CTX_get_app_data(ctx);
    if (policy == NULL) {
        return 0;
    }
    int code = X509_STORE_CTX_get_error(ctx);
    int depth = X509_STORE_CTX_get_error_depth(ctx);
    STACK_OF(X509) *chain = X509_STORE_CTX_get0_chain(ctx);
    /*
     * Times and revocation are checked only once a trusted path is built, so its last element is
     * the anchor.  Depth 0 is always the end entity, even when the store holds the leaf itself.
     */
    bool at_anchor = chain != NULL && depth > 0 && (size_t)depth + 1 == sk_X509_num(chain);
    switch (code) {
    case X509_V_ERR_CERT_HAS_EXPIRED:
    case X509_V_ERR_CERT_NOT_YET_VALID:
        /* A webpki trust anchor is a name and a key: it has no validity period to check. */
        return at_anchor;
    case X509_V_ERR_UNABLE_TO_GET_CRL:
        return at_anchor || (policy->flags & PT_REVOCATION_ALLOW_UNKNOWN) != 0;
    case X509_V_ERR_CRL_HAS_EXPIRED:
        return at_anchor || (policy->flags & PT_REVOCATION_ENFORCE_EXPIRY) == 0;
    case X509_V_ERR_CRL_NOT_YET_VALID:
        return 1;
    default:
        return 0;
    }
}

/*
 * Is name[0..len) a valid reference DNS name?  rustls only verifies for a ServerName, whose
 * DnsName is letters, digits, '-' and '_' in dot-separated labels of 1..63 bytes, none starting
 * or ending with '-', 253 bytes at most (rustls-pki-types' validation).  Checking here keeps
 * libcrypto from comparing anything else: it would match a reference "*.example.com" against
 * the identical wildcard SAN, as a plain string.
 */
static bool valid_reference_dns_name(const char *name, size_t len)
{
    if (len == 0 || len > 253) {
        return false;
    }
    size_t label = 0;
    for (size_t i = 0; i <= len; i++) {
        char c = i < len ? name[i] : '.';
        if (c == '.') {
            if (label == 0 || label > 63 || name[i - 1] == '-') {
                return false;
            }
            label = 0;
            continue;
        }
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                  (c == '-' && label > 0);
        if (!ok) {
            return false;
        }
        label++;
    }
    return true;
}

/* Point the verification at params->name: an IP address literal or a DNS name. */
static pt_err set_name(X509_VERIFY_PARAM *param, const char *name)
{
    uint8_t ip[16];
    if (name[0] == '\0') {
        /* An empty name would switch host checking off in libcrypto; it matches nothing. */
        return PT_ERR(BAD_CERTIFICATE, RUSTLS_RESULT_CERT_NOT_VALID_FOR_NAME);
    }
    if (inet_pton(AF_INET, name, ip) == 1) {
        return X509_VERIFY_PARAM_set1_ip(param, ip, 4) ? PT_OK : PT_ERR_INTERNAL;
    }
    if (inet_pton(AF_INET6, name, ip) == 1) {
        return X509_VERIFY_PARAM_set1_ip(param, ip, 16) ? PT_OK : PT_ERR_INTERNAL;
    }
    /*
     * An absolute name ("localhost.") is the same host: webpki lets a reference name with one
     * trailing dot match a presented name without it, so drop the dot libcrypto would not ignore.
     */
    size_t len = strlen(name);
    if (len > 1 && name[len - 1] == '.') {
        len--;
    }
    /*
     * NEVER_CHECK_SUBJECT: without it libcrypto matches the subject CN when the certificate has no
     * dNSName SAN (none at all, or only iPAddress SANs); webpki never looks at the CN.  Partial
     * wildcards ("b*z.example.com") are always refused by BoringSSL, so no flag is needed for them.
     */
    if (!valid_reference_dns_name(name, len)) {
        return PT_ERR(BAD_CERTIFICATE, RUSTLS_RESULT_CERT_NOT_VALID_FOR_NAME);
    }
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NEVER_CHECK_SUBJECT);
    return X509_VERIFY_PARAM_set1_host(param, name, len) ? PT_OK : PT_ERR_INTERNAL;
}

/*
 * Is the signature on `cert`, made with `issuer`'s key, one webpki would check?  libcrypto also
 * accepts SHA-1 (and other legacy) signature algorithms and RSA issuer keys of any size; rustls's
 * verification algorithms (aws-lc-rs provider's SUPPORTED_SIG_ALGS) are ECDSA on P-256/P-384/
 * P-521 with SHA-256/384/512, Ed25519, and RSA PKCS#1 v1.5 or PSS with SHA-256/384/512 and a
 * 2048..8192-bit key.  (BoringSSL itself accepts PSS only with MGF1 over the signing hash and a
 * salt of the hash's length, as webpki does.)
 */
static pt_err check_cert_signature_algorithm(X509 *cert, X509 *issuer)
{
    switch (X509_get_signature_nid(cert)) {
    case NID_sha256WithRSAEncryption:
    case NID_sha384WithRSAEncryption:
    case NID_sha512WithRSAEncryption:
    case NID_rsassaPss:
    case NID_ecdsa_with_SHA256:
    case NID_ecdsa_with_SHA384:
    case NID_ecdsa_with_SHA512:
    case NID_ED25519:
        break;
    default:
        /* webpki: UnsupportedSignatureAlgorithmContext (decrypt_error, as rustls sends it). */
        return PT_ERR(DECRYPT_ERROR, RUSTLS_RESULT_CERT_UNSUPPORTED_SIGNATURE_ALGORITHM);
    }
    pt_err err = PT_OK;
    EVP_PKEY *key = X509_get_pubkey(issuer);
    PT_ENSURE_OUT(key != NULL, PT_ERR(DECRYPT_ERROR, RUSTLS_RESULT_CERT_UNSUPPORTED_SIGNATURE_ALGORITHM));
    if (EVP_PKEY_id(key) == EVP_PKEY_RSA) {
        /* ring/aws-lc refuse the key while verifying: InvalidSignatureForPublicKey -> BadSignature. */
        unsigned bits = EVP_PKEY_bits(key) > 0 ? (unsigned)EVP_PKEY_bits(key) : 0;
        PT_ENSURE_OUT(bits >= 2048 && bits <= 8192, PT_ERR(DECRYPT_ERROR, RUSTLS_RESULT_CERT_BAD_SIGNATURE));
    } else if (EVP_PKEY_id(key) == EVP_PKEY_EC) {
        const EC_GROUP *group = EC_KEY_get0_group(EVP_PKEY_get0_EC_KEY(key));
        int nid = group != NULL ? EC_GROUP_get_curve_name(group) : NID_undef;
        /*
         * webpki: no algorithm for this key (UnsupportedSignatureAlgorithmForPublicKeyContext), which
         * rustls sends as decrypt_error and rustls-ffi, having no case for it, returns as CERT_OTHER_ERROR.
         */
        PT_ENSURE_OUT(nid == NID_X9_62_prime256v1 || nid == NID_secp384r1 || nid == NID_secp521r1,
                      PT_ERR(DECRYPT_ERROR, RUSTLS_RESULT_CERT_OTHER_ERROR));
    }
out:
    EVP_PKEY_free(key);
    return err;
}

/* Check every signature libcrypto verified on the path: each certificate below the anchor. */
static pt_err check_path_signature_algorithms(X509_STORE_CTX *ctx)
{
    STACK_OF(X509) *path = X509_STORE_CTX_get0_chain(ctx);
    size_t n = path != NULL ? sk_X509_num(path) : 0;
    for (size_t i = 0; i + 1 < n; i++) {
        PT_TRY(check_cert_signature_algorithm(sk_X509_value(path, i), sk_X509_value(path, i + 1)));
    }
    return PT_OK;
}

static pt_err verify_chain(const pt_root_store *rs, const pt_verify_params *vp, pt_pubkey **leaf_key)
{
    pt_err err = PT_OK;
    X509 *leaf = NULL;
    STACK_OF(X509) *untrusted = NULL;
    X509_STORE_CTX *ctx = NULL;
    EVP_PKEY *pub = NULL;
    revocation_policy policy = {vp->revocation_flags};

    /* An empty Certificate message is the handshake's to refuse (RFC 8446 section 4.4.2.4). */
    PT_ENSURE_OUT(vp->chain_len > 0 && vp->chain != NULL, PT_ERR_INTERNAL);
    PT_ENSURE_OUT(vp->purpose == PT_PURPOSE_SERVER_AUTH || vp->purpose == PT_PURPOSE_CLIENT_AUTH, PT_ERR_INTERNAL);
    PT_ENSURE_OUT((leaf = parse_cert(vp->chain[0])) != NULL, CERT_BAD_ENCODING);
    PT_ENSURE_OUT((untrusted = sk_X509_new_null()) != NULL, PT_ERR_INTERNAL);
    for (size_t i = 1; i < vp->chain_len; i++) {
        X509 *x = parse_cert(vp->chain[i]);
        PT_ENSURE_OUT(x != NULL, CERT_BAD_ENCODING);
        if (!sk_X509_push(untrusted, x)) {
            X509_free(x);
            err = PT_ERR_INTERNAL;
            goto out;
        }
    }

    /* X509_STORE_CTX_init only reads the store and takes no ownership of anything. */
    PT_ENSURE_OUT((ctx = X509_STORE_CTX_new()) != NULL, PT_ERR_INTERNAL);
    PT_ENSURE_OUT(X509_STORE_CTX_init(ctx, rs->store, leaf, untrusted), PT_ERR_INTERNAL);
    X509_VERIFY_PARAM *param = X509_STORE_CTX_get0_param(ctx);
    unsigned long flags = X509_V_FLAG_PARTIAL_CHAIN;
    if (vp->crls != NULL && sk_X509_CRL_num(vp->crls->crls) > 0) {
        flags |= X509_V_FLAG_CRL_CHECK;
        if ((vp->revocation_flags & PT_REVOCATION_END_ENTITY_ONLY) == 0) {
            flags |= X509_V_FLAG_CRL_CHECK_ALL;
        }
        /* Not owned by ctx (X509_STORE_CTX_cleanup leaves it alone); only read during verify. */
        X509_STORE_CTX_set0_crls(ctx, vp->crls->crls);
    }
    PT_ENSURE_OUT(X509_VERIFY_PARAM_set_flags(param, flags), PT_ERR_INTERNAL);
    time_t now = vp->now > (uint64_t)INT64_MAX ? (time_t)INT64_MAX : (time_t)vp->now;
    X509_VERIFY_PARAM_set_time(param, now);
    PT_ENSURE_OUT(X509_VERIFY_PARAM_set_purpose(param, vp->purpose == PT_PURPOSE_SERVER_AUTH ? X509_PURPOSE_SSL_SERVER
                                                                                             : X509_PURPOSE_SSL_CLIENT),
                  PT_ERR_INTERNAL);
    if (vp->name != NULL) {
        PT_CHECK(set_name(param, vp->name));
    }
    PT_ENSURE_OUT(X509_STORE_CTX_set_app_data(ctx, &policy), PT_ERR_INTERNAL);
    X509_STORE_CTX_set_verify_cb(ctx, verify_cb);

    if (X509_verify_cert(ctx) != 1) {
        int code = X509_STORE_CTX_get_error(ctx);
        err = map_verify_error(code == X509_V_OK ? X509_V_ERR_UNSPECIFIED : code);
        goto out;
    }
    PT_CHECK(check_path_signature_algorithms(ctx));
    /*
     * webpki refuses an end entity whose basicConstraints say cA (CaUsedAsEndEntity, which rustls
     * reports as CertificateError::Other); libcrypto's purpose checks let it through when it has
     * no keyUsage.
     */
    PT_ENSURE_OUT((X509_get_extension_flags(leaf) & EXFLAG_CA) == 0,
                  PT_ERR(CERTIFICATE_UNKNOWN, RUSTLS_RESULT_CERT_OTHER_ERROR));

    if (leaf_key != NULL) {
        PT_ENSURE_OUT((pub = X509_get_pubkey(leaf)) != NULL, CERT_BAD_ENCODING);
        PT_CHECK(pt_bssl_pubkey_wrap(pub, leaf_key));
    }
out:
    EVP_PKEY_free(pub);
    X509_STORE_CTX_free(ctx);
    sk_X509_pop_free(untrusted, X509_free);
    X509_free(leaf);
    ERR_clear_error();
    return err;
}

static bool cert_matches_name(pt_slice cert_der, const char *name)
{
    X509 *x = parse_cert(cert_der);
    if (x == NULL) {
        ERR_clear_error();
        return false;
    }
    bool ok = false;
    uint8_t ip[16];
    size_t len = strlen(name);
    if (inet_pton(AF_INET, name, ip) == 1 || inet_pton(AF_INET6, name, ip) == 1) {
        ok = X509_check_ip_asc(x, name, 0) == 1;
    } else {
        /* The same reference-name rules as set_name: one trailing dot dropped, webpki's DNS
         * name syntax, never the subject CN. */
        if (len > 1 && name[len - 1] == '.') {
            len--;
        }
        ok = valid_reference_dns_name(name, len) &&
             X509_check_host(x, name, len, X509_CHECK_FLAG_NEVER_CHECK_SUBJECT, NULL) == 1;
    }
    X509_free(x);
    ERR_clear_error();
    return ok;
}

const pt_x509_ops pt_bssl_x509_ops = {
    .store_new = store_new,
    .store_add_pem = store_add_pem,
    .store_add_der = store_add_der,
    .store_count = store_count,
    .store_subjects = store_subjects,
    .store_free = store_free,
    .crls_new = crls_new,
    .crls_add_pem = crls_add_pem,
    .crls_free = crls_free,
    .verify_chain = verify_chain,
    .pem_certs = pem_certs,
    .cert_spki = cert_spki,
    .cert_matches_name = cert_matches_name,
};
